using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Commands.Status;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Fleet.Migration;

namespace VirtAppliance.Cli.Commands.Migrate;

/// <summary><c>migrate NAME --to HOST [--offline]</c>: libvirt migration to another host of the fleet, recorded so that a killed run is finished by the next command.</summary>
internal sealed class MigrateCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = StatusCommand.InstanceArgument();
        var to = new Option<string>("--to") { Description = "The destination: a host of 'virt-appliance hosts list', or a libvirt URI", Required = true }.WithHosts("HOST|URI");
        var offline = new Option<bool>("--offline") { Description = "Move a stopped instance (its definition and disks); without it a running instance moves live" };
        var pool = new Option<string?>("--pool") { Description = "The destination's storage pool (default: the host's, else 'default')" };
        var command = new Command("migrate", "Move an instance to another host (live when it runs)") { name, to, offline, pool };
        CommandAction.Set(command, output, (result, cancellation) => new MigrateCommand(output).Run(
            result.GetRequiredValue(name), result.GetRequiredValue(to), result.GetValue(offline), result.GetValue(pool), cancellation));
        return command;
    }

    public int Run(string name, string to, bool offline, string? pool, CancellationToken cancellation)
    {
        var hosts = HostInventory.ForUser().Load();
        var host = hosts.FirstOrDefault(h => h.Name == to) ?? hosts.FirstOrDefault(h => h.Uri == to);
        var uri = host?.Uri ?? (to.Contains(":/", StringComparison.Ordinal)
            ? to
            : throw new ArgumentException($"--to {to}: no such host in {HostInventory.ForUser().Path} (see 'virt-appliance hosts list'), and not a libvirt URI"));
        var plan = HypervisorAccess.Store().Load(name);
        var from = plan.ConnectionUri;
        var started = DateTime.UtcNow;
        var moved = new Migrator(HypervisorAccess.State, HypervisorAccess.Open).Migrate(plan, uri, pool ?? host?.Pool ?? FleetHost.DefaultPool, offline, cancellation);
        using var sessions = new InstanceSessions();
        var state = sessions.ManagerFor(moved).Status(moved).State;
        output.WriteLine($"migrated '{name}' from {from} to {moved.ConnectionUri}{(host is null ? "" : $" ({host.Name})")} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {state}");
        return ExitCodes.Success;
    }
}
