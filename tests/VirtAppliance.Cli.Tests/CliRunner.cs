using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Tests;

/// <summary>Runs one virt-appliance command line in process, capturing stdout and stderr as a pipe would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApplication.RunAsync(args, new CommandOutput(output, error, isTerminal: false)).GetAwaiter().GetResult();
        return new Result(exitCode, output.ToString(), error.ToString());
    }
}
