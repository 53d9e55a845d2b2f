using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Cli.Commands.Console;

/// <summary><c>console NAME</c>: prints the serial console log and follows it while the guest runs.</summary>
internal sealed class ConsoleCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var install = new Option<bool>("--install") { Description = "Show the install phase's console instead" };
        var command = new Command("console", "Show and follow an instance's serial console") { name, install };
        CommandAction.Set(command, output, (result, cancellation) => new ConsoleCommand(output).Run(result.GetRequiredValue(name), result.GetValue(install), cancellation));
        return command;
    }

    public int Run(string name, bool install, CancellationToken cancellation)
    {
        var plan = HypervisorAccess.Store().Load(name);
        using var sessions = new InstanceSessions();
        var manager = sessions.ManagerFor(plan);
        manager.Reconcile(plan);
        var log = install ? plan.InstallLog ?? throw new ArgumentException($"'{name}' has no install phase") : plan.ConsoleLog;
        output.Out.Flush();
        using var stdout = System.Console.OpenStandardOutput();
        try
        {
            ConsoleLog.Follow(log, 0, stdout, () => !install && manager.IsActive(plan), cancellation);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C is how one leaves a console; the guest keeps running.
        }

        return ExitCodes.Success;
    }
}
