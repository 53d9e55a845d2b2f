using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Fleet.Survey;

namespace VirtAppliance.Cli.Commands.Hosts;

/// <summary>Every host of the inventory, surveyed at once, for the commands that place instances (deploy and check --fleet).</summary>
internal static class FleetSurvey
{
    /// <summary>The reports (the caller disposes their connections); unreachable hosts are named on stderr.</summary>
    public static async Task<IReadOnlyList<HostReport>> SurveyAsync(CommandOutput output, TimeSpan timeout, CancellationToken cancellation)
    {
        var inventory = HostInventory.ForUser();
        var hosts = inventory.Load();
        if (hosts.Count == 0)
        {
            throw new ArgumentException($"the fleet has no hosts ({inventory.Path}): add them with 'virt-appliance hosts add NAME URI'");
        }

        var reports = await HostSurvey.SurveyAsync(hosts, HypervisorAccess.State, HypervisorAccess.Kvm, timeout, cancellation);
        foreach (var report in reports.Where(r => !r.Reachable))
        {
            output.WriteWarning($"host '{report.Host.Name}' ({report.Host.Uri}) is unreachable, placing on the others: {report.Error}");
        }

        return reports;
    }

    public static void Close(IEnumerable<HostReport> reports)
    {
        foreach (var report in reports)
        {
            report.Connection?.Dispose();
        }
    }
}
