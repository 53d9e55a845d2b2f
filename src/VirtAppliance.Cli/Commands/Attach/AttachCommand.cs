using System.CommandLine;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Hardware;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Cli.Commands.Attach;

/// <summary>
/// <c>attach NAME --disk SIZE|FILE [--bus virtio|scsi] [--role user|scratch]</c> or <c>attach NAME --nic</c>:
/// hot-plugs a new empty disk (made in the instance folder or its pool), an existing image, or a network card.
/// </summary>
internal sealed class AttachCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var disk = new Option<string?>("--disk") { Description = "A new empty disk of this size (10G, 512M), or an existing image file used as it is" };
        var bus = new Option<string>("--bus") { Description = "virtio or scsi", DefaultValueFactory = _ => "virtio" };
        bus.AcceptOnlyFromAmong("virtio", "scsi");
        var role = new Option<string>("--role") { Description = "user (kept by undeploy unless --purge) or scratch", DefaultValueFactory = _ => "user" };
        role.AcceptOnlyFromAmong("user", "scratch");
        var nic = new Option<bool>("--nic") { Description = "A network card on the user-mode network" };
        var model = new Option<string?>("--model") { Description = "The network card's model (default virtio)" };
        var publish = new Option<string[]>("--publish", "-p") { Description = "With --nic: forward a host port to the guest through this card, [ADDRESS:]HOSTPORT:GUESTPORT[/udp] (repeatable)" };
        var live = CommonOptions.Live();
        var config = CommonOptions.Config();
        var command = new Command("attach", "Add a disk or a network card to an instance, live where the guest allows") { name, disk, bus, role, nic, model, publish, live, config };
        CommandAction.Set(command, output, (result, _) => new AttachCommand(output).Run(
            result.GetRequiredValue(name), result.GetValue(disk), result.GetValue(bus)!, result.GetValue(role)!, result.GetValue(nic), result.GetValue(model),
            (result.GetValue(publish) ?? []).Select(Deployment.Planning.PublishedPort.Parse).ToList(), CommonOptions.Scope(result, live, config)));
        return command;
    }

    public int Run(string name, string? disk, string bus, string role, bool nic, string? model, IReadOnlyList<Deployment.Planning.PublishedPort> publish, ChangeScope scope)
    {
        if ((disk is null) == !nic)
        {
            throw new ArgumentException("attach takes one of --disk SIZE|FILE or --nic");
        }

        if (publish.Count > 0 && !nic)
        {
            throw new ArgumentException("--publish goes with --nic: ports are forwarded through a network card");
        }

        using var sessions = new InstanceSessions();
        var plan = sessions.Load(name);
        var hardware = sessions.ManagerFor(plan).Hardware;
        var change = nic
            ? hardware.AttachNic(plan, model, publish, scope)
            : File.Exists(disk)
                ? hardware.AttachDisk(plan, null, disk, bus, Use(role), scope)
                : hardware.AttachDisk(plan, SizeOf(disk!), null, bus, Use(role), scope);
        output.WriteLine(change.Summary);
        return ExitCodes.Success;
    }

    private static long SizeOf(string disk)
    {
        try
        {
            return ByteSize.Parse(disk, "--disk");
        }
        catch (ArgumentException)
        {
            throw new FileNotFoundException($"--disk {disk}: neither a size (10G, 512M) for a new disk nor an existing image file", disk);
        }
    }

    private static DiskUse Use(string role) => role == "scratch" ? DiskUse.Scratch : DiskUse.User;
}
