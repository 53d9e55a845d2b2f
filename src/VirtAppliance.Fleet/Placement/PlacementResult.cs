namespace VirtAppliance.Fleet.Placement;

/// <summary>Where each instance goes, and for every host that got none, why.</summary>
/// <param name="Assignments">One per placed instance, in order (instance 0 first).</param>
/// <param name="Unused">Each host that received no instance, with the reason.</param>
/// <param name="Unplaced">Instances that fit nowhere (0 when all were placed).</param>
public sealed record PlacementResult(IReadOnlyList<Assignment> Assignments, IReadOnlyList<HostRejection> Unused, int Unplaced)
{
    public bool Complete => Unplaced == 0;
}

/// <summary>Instance <paramref name="Instance"/> (0-based) runs variant <paramref name="Variant"/> on host <paramref name="Host"/>.</summary>
public sealed record Assignment(int Instance, string Host, PlacementVariant Variant);

/// <summary>A host that received no instance, and why, in words for the user.</summary>
public sealed record HostRejection(string Host, string Reason);
