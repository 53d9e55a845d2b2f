using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Start;

/// <summary><c>start NAME</c>: boots the instance's final configuration (after finishing any pending transition).</summary>
internal sealed class StartCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var command = new Command("start", "Start an instance") { name };
        CommandAction.Set(command, output, (result, _) => new StartCommand(output).Run(result.GetRequiredValue(name)));
        return command;
    }

    public int Run(string name)
    {
        var plan = HypervisorAccess.Store().Load(name);
        using var sessions = new InstanceSessions();
        var manager = sessions.ManagerFor(plan);
        manager.Reconcile(plan);
        var started = manager.Start(plan);
        output.WriteLine($"{name}: {(started ? "" : "already running: ")}{manager.Status(plan).State}");
        return ExitCodes.Success;
    }
}
