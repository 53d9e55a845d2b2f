using System.CommandLine;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Completion;

/// <summary><c>completion bash|zsh</c>: the shell's completion script, for setup to install or a user to source.</summary>
internal static class CompletionCommand
{
    public static Command Build(CommandOutput output)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh", HelpName = "SHELL" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the tab completion script for bash or zsh (setup installs both)") { shell };
        CommandAction.Set(command, output, (result, _) =>
        {
            output.Out.Write(result.GetRequiredValue(shell) == "bash" ? ShellScripts.Bash : ShellScripts.Zsh);
            return ExitCodes.Success;
        });
        return command;
    }
}
