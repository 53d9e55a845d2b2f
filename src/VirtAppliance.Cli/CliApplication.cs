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

    /// <summary>Every command, by name, in the order help lists them.</summary>
    public static IReadOnlyList<(string Name, Func<CommandOutput, Command> Build)> CommandBuilders { get; } =
    [
        ("image", ImageCommand.Build),
        ("check", CheckCommand.Build),
        ("validate", ValidateCommand.Build),
        ("probe", Commands.Probe.ProbeCommand.Build),
        ("deploy", Commands.Deploy.DeployCommand.Build),
        ("list", Commands.List.ListCommand.Build),
        ("status", Commands.Status.StatusCommand.Build),
        ("start", Commands.Start.StartCommand.Build),
        ("stop", Commands.Stop.StopCommand.Build),
        ("console", Commands.Console.ConsoleCommand.Build),
        ("hardware", Commands.Hardware.HardwareCommand.Build),
        ("set", Commands.Set.SetCommand.Build),
        ("attach", Commands.Attach.AttachCommand.Build),
        ("detach", Commands.Detach.DetachCommand.Build),
        ("ssh", Commands.Ssh.SshCommand.Build),
        ("undeploy", Commands.Undeploy.UndeployCommand.Build),
        ("reconcile", Commands.Reconcile.ReconcileCommand.Build),
        ("hosts", Commands.Hosts.HostsCommand.Build),
        ("migrate", Commands.Migrate.MigrateCommand.Build),
        ("key", Commands.Key.KeyCommand.Build),
        ("registry", Commands.Registry.RegistryCommand.Build),
        ("publish", Commands.Publish.PublishCommand.Build),
        ("search", Commands.Search.SearchCommand.Build),
        ("info", Commands.Info.InfoCommand.Build),
        ("pull", Commands.Pull.PullCommand.Build),
        ("cache", Commands.Cache.CacheCommand.Build),
        ("repo", Commands.Repo.RepoCommand.Build),
        ("build", Commands.Build.BuildCommand.Build),
        ("customize", Commands.Customize.CustomizeCommand.Build),
        ("seed", Commands.Seed.SeedCommand.Build),
        ("export", Commands.Export.ExportCommand.Build),
        ("import", Commands.Import.ImportCommand.Build),
        ("completion", Commands.Completion.CompletionCommand.Build),
        (Commands.Completion.CompleteCommand.Name, Commands.Completion.CompleteCommand.Build),
        (Commands.Manual.ManualCommand.Name, Commands.Manual.ManualCommand.Build),
    ];

    /// <summary>
    /// The command tree; with <paramref name="only"/>, just that command under the root (building all 21 with their
    /// options cost 8-12 ms of every run's start-up; the parser needs only the one named first on the line).
    /// </summary>
    public static RootCommand Build(CommandOutput output, string? only = null)
    {
        var root = new RootCommand("virt-appliance: virtual machine appliances — describe, match, build, convert, publish, deploy");
        root.Options.Add(VerboseOption);
        Commands.Version.VersionAction.Install(root);
        foreach (var (name, build) in CommandBuilders)
        {
            if (only is null || name == only)
            {
                root.Subcommands.Add(build(output));
            }
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CommandOutput output, CancellationToken cancellationToken = default)
    {
        var named = args.Length > 0 && CommandBuilders.Any(c => c.Name == args[0]) ? args[0] : null;
        var root = Build(output, named);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            if (UsageErrors.Explain(parseResult, args) is { } explained)
            {
                output.WriteError(explained);
            }
            else
            {
                foreach (var error in parseResult.Errors)
                {
                    output.WriteError(error.Message);
                }
            }

            output.Error.WriteLine("Run 'virt-appliance --help' (or the command with --help) for usage.");
            return ExitCodes.Usage;
        }

        // Signals are ours (Interruption), not the parser's: commands unwind through their cleanup and exit 130 or 143.
        using var interruption = new Interruption();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interruption.Token);
        var configuration = new InvocationConfiguration { Output = output.Out, Error = output.Error, ProcessTerminationTimeout = null };
        var exitCode = await parseResult.InvokeAsync(configuration, cancellation.Token);
        return exitCode == ExitCodes.Interrupted && interruption.Signal is not null ? interruption.ExitCode : exitCode;
    }
}
