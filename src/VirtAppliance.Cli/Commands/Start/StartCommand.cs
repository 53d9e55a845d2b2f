using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Cli.Commands.Start;

/// <summary>
/// <c>start NAME [--wait-for TEXT]</c>: boots the instance's final configuration (after finishing any pending
/// transition), and with --wait-for waits for the text on its console as deploy does (exit 75 when it does not come).
/// </summary>
internal sealed class StartCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var waitFor = new Option<string?>("--wait-for") { Description = "Wait until this text appears on the guest's serial console" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for --wait-for", DefaultValueFactory = _ => 300 };
        var command = new Command("start", "Start an instance") { name, waitFor, timeout };
        CommandAction.Set(command, output, (result, cancellation) => new StartCommand(output).RunAsync(
            result.GetRequiredValue(name), result.GetValue(waitFor), TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string name, string? waitFor, TimeSpan timeout, CancellationToken cancellation)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var manager = sessions.ManagerFor(plan);
        manager.Reconcile(plan);
        var before = waitFor is null ? 0 : manager.LogLength(plan, install: false);
        var started = manager.Start(plan);
        output.WriteLine($"{name}: {(started ? "" : "already running: ")}{manager.Status(plan).State}");
        if (waitFor is null)
        {
            return ExitCodes.Success;
        }

        if (await ConsoleLog.WaitForAsync(position => manager.ReadLog(plan, install: false, position), InstanceManager.LogPollInterval(plan),
                waitFor, started ? before : 0, timeout, () => manager.IsActive(plan), cancellation))
        {
            output.WriteLine($"'{waitFor}' appeared on the console of '{name}'");
            return ExitCodes.Success;
        }

        output.WriteError(manager.IsActive(plan)
            ? $"'{waitFor}' did not appear on the console of '{name}' within {timeout.TotalSeconds:0} s (see 'virt-appliance console {name} --log')"
            : $"'{name}' stopped without printing '{waitFor}' (see 'virt-appliance console {name} --log')");
        return ExitCodes.TimedOut;
    }
}
