namespace VirtAppliance.DiskImages.Inspection;

/// <summary>The outcome of a consistency check, with the counters <c>qemu-img check --output=json</c> reports.</summary>
public sealed record ImageCheckResult
{
    /// <summary>The checked file.</summary>
    public required string Filename { get; init; }

    /// <summary>Its format.</summary>
    public required string Format { get; init; }

    /// <summary>Metadata that could not be read to check it.</summary>
    public int CheckErrors { get; init; }

    /// <summary>Corruptions: refcounts too low, clusters used twice, entries beyond the end.</summary>
    public int Corruptions { get; init; }

    /// <summary>Leaked clusters: allocated but unused (space wasted, data safe).</summary>
    public int Leaks { get; init; }

    /// <summary>Clusters of guest data the image can address.</summary>
    public long TotalClusters { get; init; }

    /// <summary>Guest clusters allocated in this image.</summary>
    public long AllocatedClusters { get; init; }

    /// <summary>Allocated clusters stored compressed.</summary>
    public long CompressedClusters { get; init; }

    /// <summary>Allocated clusters not stored right after the previous one.</summary>
    public long FragmentedClusters { get; init; }

    /// <summary>The offset just past the last used byte of the file.</summary>
    public long ImageEndOffset { get; init; }

    /// <summary>Each problem found, in words.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>No errors, corruptions or leaks.</summary>
    public bool IsClean => CheckErrors == 0 && Corruptions == 0 && Leaks == 0;
}
