namespace VirtAppliance.Fleet.Placement;

/// <summary>The variant that runs on a host, and whether it runs with hardware acceleration (preferred) or emulated.</summary>
public sealed record PlacementVariant(int Index, string Id, string DomainType, bool Accelerated);
