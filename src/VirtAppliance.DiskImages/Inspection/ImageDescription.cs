namespace VirtAppliance.DiskImages.Inspection;

/// <summary>What <c>image info</c> reports about one layer, with its backing chain below it.</summary>
public sealed record ImageDescription
{
    public required string Filename { get; init; }
    public required string Format { get; init; }
    public required long VirtualSize { get; init; }
    public required long ActualSize { get; init; }
    public long FileLength { get; init; }
    public long? ClusterSize { get; init; }
    public string? CompressionType { get; init; }
    public string? Compat { get; init; }
    public int? RefcountBits { get; init; }
    public bool? ExtendedL2 { get; init; }
    public bool? LazyRefcounts { get; init; }
    public bool? DirtyFlag { get; init; }
    public bool? Corrupt { get; init; }
    public int? Snapshots { get; init; }
    public string? BackingFilename { get; init; }
    public string? BackingFilenameFormat { get; init; }
    public string? FullBackingFilename { get; init; }
    public ImageDescription? Backing { get; init; }
}
