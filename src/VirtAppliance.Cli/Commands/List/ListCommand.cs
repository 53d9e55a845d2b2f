using System.CommandLine;
using VirtAppliance.Cli.Commands.Hosts;
using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Cli.Commands.List;

/// <summary>
/// <c>list</c>: every instance with its host, appliance, variant, phase and state; unfinished transitions are finished
/// first. Each connection is queried at once, each with a time limit: an unreachable host is named and the others listed.
/// </summary>
internal sealed class ListCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var connect = HypervisorAccess.ConnectOption();
        connect.Description = "Only instances deployed on this libvirt URI";
        var json = CommonOptions.Json();
        var timeout = FleetOptions.Timeout();
        var command = new Command("list", "List deployed instances") { connect, json, timeout };
        CommandAction.Set(command, output, (result, cancellation) =>
            new ListCommand(output).RunAsync(result.GetValue(connect), result.GetValue(json), TimeSpan.FromSeconds(result.GetValue(timeout)), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string? connect, bool json, TimeSpan timeout, CancellationToken cancellation)
    {
        var plans = HypervisorAccess.Store().List().Where(p => connect is null || p.ConnectionUri == connect).ToList();
        var hostNames = HostInventory.ForUser().Load().ToDictionary(h => h.Uri, h => h.Name, StringComparer.Ordinal);
        var queries = plans.GroupBy(p => p.ConnectionUri).Select(group => (Uri: group.Key, Plans: group.ToList(), Task: Task.Run(() => Query(group.ToList()), CancellationToken.None))).ToList();
        var statuses = new List<InstanceStatus>();
        var unreachable = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (uri, group, query) in queries)
        {
            IReadOnlyList<InstanceStatus> answered;
            try
            {
                answered = await query.WaitAsync(deadline > DateTime.UtcNow ? deadline - DateTime.UtcNow : TimeSpan.Zero, cancellation);
            }
            catch (TimeoutException)
            {
                answered = group.Select(plan => Unreachable(plan, $"{uri} did not answer within {timeout.TotalSeconds:0} s")).ToList();
            }

            foreach (var status in answered)
            {
                statuses.Add(status with { Host = hostNames.GetValueOrDefault(status.Connection) });
                if (status.Phase == Unknown)
                {
                    unreachable.Add($"{status.Name}: {status.Detail}");
                }
            }
        }

        statuses.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        if (json)
        {
            output.WriteJson(statuses, CliJsonContext.Default.ListInstanceStatus);
        }
        else
        {
            Rows.Write(output, ["name", "host", "appliance", "version", "variant", "phase", "state", "connection"],
                statuses.Select(s => new[] { s.Name, s.Host ?? "-", s.Appliance, s.Version ?? "-", s.Variant, s.Phase, s.State, s.Connection }));
        }

        foreach (var problem in unreachable)
        {
            output.WriteError(problem);
        }

        // The states above are incomplete: a script must not take "unreachable" for an answer.
        return unreachable.Count == 0 ? ExitCodes.Success : ExitCodes.Unsupported;
    }

    private const string Unknown = "unknown";

    /// <summary>The instances of one connection, reconciled; all unreachable when the connection cannot be had.</summary>
    private static IReadOnlyList<InstanceStatus> Query(List<InstancePlan> plans)
    {
        using var sessions = new InstanceSessions();
        var statuses = new List<InstanceStatus>();
        foreach (var plan in plans)
        {
            try
            {
                var current = sessions.Current(plan);
                statuses.Add(sessions.ManagerFor(current).Reconcile(current));
            }
            catch (Exception error) when (error is LibvirtException or InstanceExistsException or InstanceStateException or IOException or InvalidDataException)
            {
                statuses.Add(Unreachable(plan, error.Message));
            }
        }

        return statuses;
    }

    private static InstanceStatus Unreachable(InstancePlan plan, string why)
    {
        var metadata = plan.Metadata;
        return new InstanceStatus(plan.Name, metadata.Appliance, metadata.Version, metadata.Variant, Unknown, "unreachable", plan.ConnectionUri, why);
    }
}
