namespace VirtAppliance.Fleet.Placement;

/// <summary><paramref name="Count"/> instances, each needing <paramref name="MemoryMiB"/> and <paramref name="Vcpus"/>, on hosts carrying every required label.</summary>
public sealed record PlacementRequest(int Count, long MemoryMiB, int Vcpus, PlacementPolicy Policy, IReadOnlyDictionary<string, string> RequiredLabels)
{
    public static IReadOnlyDictionary<string, string> NoLabels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
