using VirtAppliance.Fleet.Placement;
using VirtAppliance.Fleet.Survey;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Fleet.Deploying;

/// <summary>Where each instance goes (host and variant), why every other host got none, and what each host's matcher said.</summary>
public sealed record FleetPlan(
    string Appliance,
    IReadOnlyList<PlannedInstance> Instances,
    IReadOnlyList<HostRejection> Unused,
    int Unplaced,
    IReadOnlyList<(HostReport Report, HostMatch? Match)> Hosts)
{
    public bool Complete => Unplaced == 0;
}

/// <summary>One instance of a fleet deployment: its name, host and variant.</summary>
public sealed record PlannedInstance(int Index, string Name, string Host, string Uri, PlacementVariant Variant);
