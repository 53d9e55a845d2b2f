using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Cli.Commands.Stop;

/// <summary><c>stop NAME [--force]</c>: ACPI power-off and wait, or cut the power.</summary>
internal sealed class StopCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var force = new Option<bool>("--force") { Description = "Cut the power instead of asking the guest to power off" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the guest to power off", DefaultValueFactory = _ => (int)InstanceManager.DefaultStopTimeout.TotalSeconds };
        var command = new Command("stop", "Stop an instance") { name, force, timeout };
        CommandAction.Set(command, output, (result, cancellation) => new StopCommand(output).RunAsync(
            result.GetRequiredValue(name), result.GetValue(force), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string name, bool force, TimeSpan timeout, CancellationToken cancellation)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var manager = sessions.ManagerFor(plan);
        manager.Reconcile(plan);
        await manager.StopAsync(plan, force, timeout, cancellation);
        output.WriteLine($"{name}: {manager.Status(plan).State}");
        return ExitCodes.Success;
    }
}
