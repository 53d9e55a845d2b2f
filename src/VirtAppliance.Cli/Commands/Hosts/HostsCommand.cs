using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using System.Globalization;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Fleet.Survey;

namespace VirtAppliance.Cli.Commands.Hosts;

/// <summary><c>hosts add|remove|list|prune</c>: the libvirt hosts of the user's fleet (hosts.yaml in the configuration folder).</summary>
internal sealed class HostsCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var name = new Argument<string>("NAME") { Description = "The host's name in this tool (letters, digits, '.', '_', '-')" };
        var uri = new Argument<string>("URI") { Description = "Its libvirt URI: qemu+ssh://root@server/system, qemu+tls://server/system, qemu+tcp://ADDRESS/system (trusted networks only)" };
        var labels = FleetOptions.Labels("Label the host (repeatable): deploy --fleet --label KEY=VALUE places only on hosts that have it");
        var pool = new Option<string>("--pool") { Description = "The storage pool that receives instance volumes there", DefaultValueFactory = _ => FleetHost.DefaultPool };
        var overcommit = new Option<double>("--overcommit-cpu") { Description = "vCPUs placement may give guests per CPU of the host", DefaultValueFactory = _ => FleetHost.DefaultCpuOvercommit };
        var reserve = new Option<long>("--reserve-memory") { Description = "MiB of memory placement leaves to the host", DefaultValueFactory = _ => FleetHost.DefaultReserveMemoryMiB };
        var add = new Command("add", "Add a libvirt host to the fleet") { name, uri, labels, pool, overcommit, reserve };
        CommandAction.Set(add, output, (result, _) => new HostsCommand(output).Add(new FleetHost(
            result.GetRequiredValue(name), result.GetRequiredValue(uri), FleetOptions.ParseLabels(result.GetValue(labels)),
            result.GetRequiredValue(pool), result.GetValue(overcommit), result.GetValue(reserve))));

        var removed = new Argument<string>("NAME") { Description = "The host to remove from the fleet (its instances stay where they are)" }.WithHosts();
        var remove = new Command("remove", "Remove a host from the fleet") { removed };
        CommandAction.Set(remove, output, (result, _) => new HostsCommand(output).Remove(result.GetRequiredValue(removed)));

        var json = CommonOptions.Json();
        var timeout = FleetOptions.Timeout();
        var list = new Command("list", "The fleet's hosts: reachable or why not, accelerator, memory, vCPUs, instances") { json, timeout };
        CommandAction.Set(list, output, (result, cancellation) => new HostsCommand(output).ListAsync(result.GetValue(json), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellation));

        var pruneJson = CommonOptions.Json();
        var pruneTimeout = FleetOptions.Timeout();
        var prune = new Command("prune", "Remove the appliance files (shared base volumes) no instance uses from every host's pool") { pruneJson, pruneTimeout };
        CommandAction.Set(prune, output, (result, cancellation) => new HostPruner(output).RunAsync(result.GetValue(pruneJson), TimeSpan.FromSeconds(result.GetValue(pruneTimeout)), cancellation));
        return new Command("hosts", "The libvirt hosts of your fleet (docs/fleet.md)") { add, remove, list, prune };
    }

    public int Add(FleetHost host)
    {
        var inventory = HostInventory.ForUser();
        inventory.Add(host);
        output.WriteLine($"added host '{host.Name}' ({host.Uri}) to {inventory.Path}");
        return ExitCodes.Success;
    }

    public int Remove(string name)
    {
        var inventory = HostInventory.ForUser();
        var instances = HypervisorAccess.Store().List().Where(p => p.ConnectionUri == inventory.Find(name).Uri).Select(p => p.Name).ToList();
        inventory.Remove(name);
        output.WriteLine($"removed host '{name}' from {inventory.Path}"
            + (instances.Count == 0 ? "" : $"; its instances ({string.Join(", ", instances)}) stay there and are still managed by name"));
        return ExitCodes.Success;
    }

    public async Task<int> ListAsync(bool json, TimeSpan timeout, CancellationToken cancellation)
    {
        var hosts = HostInventory.ForUser().Load();
        var reports = await HostSurvey.SurveyAsync(hosts, HypervisorAccess.State, HypervisorAccess.Kvm, timeout, cancellation);
        try
        {
            var plans = HypervisorAccess.Store().List();
            var rows = reports.Select(r => HostRow.From(r, plans.Count(p => p.ConnectionUri == r.Host.Uri))).ToList();
            if (json)
            {
                output.WriteJson(rows, CliJsonContext.Default.ListHostRow);
            }
            else
            {
                Rows.Write(output, ["host", "uri", "state", "arch", "accelerator", "memory free", "vcpus", "instances", "labels"], rows.Select(r => new[]
                {
                    r.Name, r.Uri, r.Reachable ? "reachable" : $"unreachable: {r.Error}", string.Join(",", r.Arches), r.Accelerator ?? "-",
                    r.AvailableMemoryMiB is { } free ? $"{free.ToString(CultureInfo.InvariantCulture)} MiB" : "-",
                    r.Cpus is { } cpus ? $"{r.VcpusInUse}/{r.VcpuCapacity} ({cpus} CPUs x {r.CpuOvercommit.ToString(CultureInfo.InvariantCulture)})" : "-",
                    r.Instances.ToString(CultureInfo.InvariantCulture),
                    string.Join(",", r.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")),
                }));
            }

            foreach (var report in reports.Where(r => !r.Reachable))
            {
                output.WriteError($"host '{report.Host.Name}' ({report.Host.Uri}) is unreachable: {report.Error}");
            }

            return reports.All(r => r.Reachable) ? ExitCodes.Success : ExitCodes.Unsupported;
        }
        finally
        {
            FleetSurvey.Close(reports);
        }
    }
}
