using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Fleet.Placement;
using VirtAppliance.Fleet.Survey;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Fleet.Deploying;

/// <summary>The matcher on every host that answered, then placement over what they have free.</summary>
public static class FleetPlanner
{
    public static FleetPlan Plan(ApplianceDescriptor descriptor, IReadOnlyList<HostReport> reports, FleetRequest request, IReadOnlyList<InstancePlan> existing)
    {
        if (request.Options.Boot is { } boot)
        {
            VariantMatcher.ResolveBoot(descriptor, boot);
        }

        var hosts = new List<(HostReport, HostMatch?)>();
        var candidates = new List<PlacementHost>();
        var unreachable = new List<HostRejection>();
        foreach (var report in reports)
        {
            if (report.Connection is not { } connected)
            {
                hosts.Add((report, null));
                unreachable.Add(new HostRejection(report.Host.Name, $"unreachable: {report.Error}"));
                continue;
            }

            var match = VariantMatcher.Match(descriptor, HostDiscovery.WithFirmware(connected.Capabilities, connected.Session, descriptor), request.Options.Boot);
            hosts.Add((report, match));
            var variant = match.Chosen is { } chosen
                ? new PlacementVariant(chosen, descriptor.Boots[chosen].Id, match.Variants[chosen].DomainType!, !match.Variants[chosen].Emulated)
                : null;
            candidates.Add(new PlacementHost(
                report.Host.Name,
                report.Host.Labels,
                variant,
                variant is null ? string.Join("; ", match.Variants.SelectMany(v => v.Reasons.Take(1).Select(r => $"{v.Id}: {r}"))) : null,
                report.AvailableMemoryMiB,
                report.Host.ReserveMemoryMiB,
                report.Resources!.Cpus,
                report.VcpusInUse,
                report.Host.CpuOvercommit,
                existing.Count(p => p.ConnectionUri == report.Host.Uri && p.Metadata.Appliance == descriptor.Name)));
        }

        var memoryMiB = request.Options.MemoryMiB ?? descriptor.Devices.MemoryKiB / 1024;
        var vcpus = request.Options.Vcpus ?? descriptor.Devices.Vcpus;
        var placed = Placer.Place(candidates, new PlacementRequest(request.Count, memoryMiB, vcpus, request.Policy, request.Labels));
        var baseName = InstanceNames.Validate(request.Options.Name ?? InstanceNames.FromAppliance(descriptor.Name));
        var uris = reports.ToDictionary(r => r.Host.Name, r => r.Host.Uri, StringComparer.Ordinal);
        var instances = placed.Assignments
            .Select(a => new PlannedInstance(a.Instance, request.Count == 1 ? baseName : $"{baseName}-{a.Instance + 1}", a.Host, uris[a.Host], a.Variant))
            .ToList();
        return new FleetPlan(descriptor.Name, instances, [.. unreachable, .. placed.Unused], placed.Unplaced, hosts);
    }
}
