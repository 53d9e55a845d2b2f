namespace VirtAppliance.Fleet.Placement;

/// <summary>How instances of one appliance share the hosts that can take them.</summary>
public enum PlacementPolicy
{
    /// <summary>Across as many hosts as possible: each instance to the host with the fewest of them (then the most memory free).</summary>
    Spread,

    /// <summary>As few hosts as possible: each instance to the fullest host that still takes it.</summary>
    Pack,
}
