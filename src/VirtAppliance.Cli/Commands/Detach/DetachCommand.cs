using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Detach;

/// <summary><c>detach NAME DEVICE [--purge]</c>: unplugs a disk (by target name or serial) or a network card (by MAC address).</summary>
internal sealed class DetachCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var device = new Argument<string>("DEVICE") { Description = "A disk's target (vdb) or serial, or a network card's MAC address (see 'virt-appliance hardware NAME')" };
        var purge = new Option<bool>("--purge") { Description = "Also delete a user disk's file that attach made (scratch disks always go)" };
        var live = CommonOptions.Live();
        var config = CommonOptions.Config();
        var command = new Command("detach", "Remove a disk or a network card from an instance, live where the guest allows") { name, device, purge, live, config };
        CommandAction.Set(command, output, (result, _) => new DetachCommand(output).Run(
            result.GetRequiredValue(name), result.GetRequiredValue(device), result.GetValue(purge), CommonOptions.Scope(result, live, config)));
        return command;
    }

    public int Run(string name, string device, bool purge, Deployment.Hardware.ChangeScope scope)
    {
        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        output.WriteLine(sessions.ManagerFor(plan).Hardware.Detach(plan, device, scope, purge).Summary);
        return ExitCodes.Success;
    }
}
