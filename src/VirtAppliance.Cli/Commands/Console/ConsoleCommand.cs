using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Terminal;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Cli.Commands.Console;

/// <summary>
/// <c>console NAME</c>: the guest's serial console, interactive as <c>virsh console</c> is (through a libvirt stream, so
/// on remote connections too); Ctrl-] leaves. <c>--log</c> prints the console log and follows it instead.
/// </summary>
internal sealed class ConsoleCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var force = new Option<bool>("--force") { Description = "Take the console over from another client holding it" };
        var log = new Option<bool>("--log") { Description = "Print the console log and follow it while the guest runs, without typing into it" };
        var install = new Option<bool>("--install") { Description = "Print the install phase's console log (implies --log)" };
        var command = new Command("console", "Connect to an instance's serial console (Ctrl-] leaves)") { name, force, log, install };
        CommandAction.Set(command, output, (result, cancellation) => new ConsoleCommand(output).Run(
            result.GetRequiredValue(name), result.GetValue(force), result.GetValue(log) || result.GetValue(install), result.GetValue(install), cancellation));
        return command;
    }

    public int Run(string name, bool force, bool followLog, bool install, CancellationToken cancellation)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var manager = sessions.ManagerFor(plan);
        manager.Reconcile(plan);
        if (followLog)
        {
            return FollowLog(plan, manager, install, cancellation);
        }

        if (!manager.IsActive(plan))
        {
            throw new InstanceStateException($"'{name}' is not running ({manager.Status(plan).State}): start it with 'virt-appliance start {name}', or read its log with 'virt-appliance console {name} --log'");
        }

        LibvirtConsole console;
        try
        {
            console = manager.OpenConsole(plan, force);
        }
        catch (LibvirtException error) when (error.Message.Contains("active console session", StringComparison.OrdinalIgnoreCase))
        {
            throw new LibvirtException($"{error.Message} (another client holds the console of '{name}'; take it over with --force)", error.Code, error.ErrorDomain);
        }

        using (console)
        {
            return Relay(name, console, () => manager.IsActive(plan), cancellation);
        }
    }

    private int Relay(string name, LibvirtConsole console, Func<bool> stillRunning, CancellationToken cancellation)
    {
        output.Out.Flush();
        // SIGTERM and SIGHUP cancel the command (Interruption) and end the session: the terminal is restored on the way out.
        ConsoleRelay.Ending ending;
        using (var terminal = RawTerminal.Enter())
        {
            if (terminal is not null)
            {
                output.Error.Write($"Connected to the console of '{name}' (Ctrl-] leaves)\r\n");
            }

            // File descriptor 0 itself: .NET's console stream on a terminal reads whole lines, in its own terminal mode.
            using var stdin = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
            using var stdout = System.Console.OpenStandardOutput();
            ending = new ConsoleRelay(console, stdin, stdout, stillRunning).Run(cancellation);
        }

        switch (ending)
        {
            case ConsoleRelay.Ending.GuestStopped:
                output.Error.WriteLine($"\nthe guest '{name}' stopped");
                break;
            case ConsoleRelay.Ending.ConsoleClosed:
                output.Error.WriteLine($"\nthe console of '{name}' was closed (another client took it over, or the guest stopped)");
                break;
            case ConsoleRelay.Ending.Cancelled:
                throw new OperationCanceledException(cancellation);
        }

        return ExitCodes.Success;
    }

    private int FollowLog(InstancePlan plan, InstanceManager manager, bool install, CancellationToken cancellation)
    {
        if (install && plan.InstallLog is null)
        {
            throw new ArgumentException($"'{plan.Name}' has no install phase");
        }

        output.Out.Flush();
        using var stdout = System.Console.OpenStandardOutput();
        try
        {
            ConsoleLog.Follow(position => manager.ReadLog(plan, install, position), InstanceManager.LogPollInterval(plan), 0, stdout, () => !install && manager.IsActive(plan), cancellation);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C is how one leaves a followed log; the guest keeps running.
        }

        return ExitCodes.Success;
    }
}
