using System.CommandLine;
using VirtAppliance.Cli.Commands.Check;
using VirtAppliance.Cli.Commands.Image;
using VirtAppliance.Cli.Commands.Validate;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli;

/// <summary>Builds the virt-appliance command tree and runs one command line.</summary>
internal static class CliApplication
{
    public static Option<bool> VerboseOption { get; } = new("--verbose", "-v")
    {
        Description = "Print details, and the stack trace of errors",
        Recursive = true,
    };

    public static RootCommand Build(CommandOutput output)
    {
        var root = new RootCommand("virt-appliance: virtual machine appliances — describe, match, build, convert, publish, deploy");
        root.Options.Add(VerboseOption);
        root.Subcommands.Add(ImageCommand.Build(output));
        root.Subcommands.Add(CheckCommand.Build(output));
        root.Subcommands.Add(ValidateCommand.Build(output));
        root.Subcommands.Add(Commands.Deploy.DeployCommand.Build(output));
        root.Subcommands.Add(Commands.List.ListCommand.Build(output));
        root.Subcommands.Add(Commands.Status.StatusCommand.Build(output));
        root.Subcommands.Add(Commands.Start.StartCommand.Build(output));
        root.Subcommands.Add(Commands.Stop.StopCommand.Build(output));
        root.Subcommands.Add(Commands.Console.ConsoleCommand.Build(output));
        root.Subcommands.Add(Commands.Undeploy.UndeployCommand.Build(output));
        root.Subcommands.Add(Commands.Reconcile.ReconcileCommand.Build(output));
        root.Subcommands.Add(Commands.Key.KeyCommand.Build(output));
        root.Subcommands.Add(Commands.Publish.PublishCommand.Build(output));
        root.Subcommands.Add(Commands.Search.SearchCommand.Build(output));
        root.Subcommands.Add(Commands.Info.InfoCommand.Build(output));
        root.Subcommands.Add(Commands.Pull.PullCommand.Build(output));
        root.Subcommands.Add(Commands.Cache.CacheCommand.Build(output));
        root.Subcommands.Add(Commands.Repo.RepoCommand.Build(output));
        root.Subcommands.Add(Commands.Build.BuildCommand.Build(output));
        root.Subcommands.Add(Commands.Customize.CustomizeCommand.Build(output));
        root.Subcommands.Add(Commands.Seed.SeedCommand.Build(output));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CommandOutput output, CancellationToken cancellationToken = default)
    {
        var root = Build(output);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                output.WriteError(error.Message);
            }

            output.Error.WriteLine("Run 'virt-appliance --help' (or the command with --help) for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output.Out, Error = output.Error };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
