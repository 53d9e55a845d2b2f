namespace VirtAppliance.DiskImages.Inspection;

/// <summary>The outcome of a consistency check, with the counters <c>qemu-img check --output=json</c> reports.</summary>
public sealed record ImageCheckResult
{
    public required string Filename { get; init; }
    public required string Format { get; init; }
    public int CheckErrors { get; init; }
    public int Corruptions { get; init; }
    public int Leaks { get; init; }
    public long TotalClusters { get; init; }
    public long AllocatedClusters { get; init; }
    public long CompressedClusters { get; init; }
    public long FragmentedClusters { get; init; }
    public long ImageEndOffset { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool IsClean => CheckErrors == 0 && Corruptions == 0 && Leaks == 0;
}
