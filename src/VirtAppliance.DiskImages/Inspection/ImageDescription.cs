namespace VirtAppliance.DiskImages.Inspection;

/// <summary>What <c>image info</c> reports about one layer, with its backing chain below it.</summary>
public sealed record ImageDescription
{
    /// <summary>The image file.</summary>
    public required string Filename { get; init; }

    /// <summary>Its format, as qemu-img names it.</summary>
    public required string Format { get; init; }

    /// <summary>The size the guest sees, in bytes.</summary>
    public required long VirtualSize { get; init; }

    /// <summary>Bytes the file occupies on disk.</summary>
    public required long ActualSize { get; init; }

    /// <summary>The file's length in bytes.</summary>
    public long FileLength { get; init; }

    /// <summary>The cluster (or block, grain) size, where the format has one.</summary>
    public long? ClusterSize { get; init; }

    /// <summary>qcow2's compression type (zlib or zstd).</summary>
    public string? CompressionType { get; init; }

    /// <summary>qcow2's compatibility level (0.10 or 1.1).</summary>
    public string? Compat { get; init; }

    /// <summary>qcow2's refcount width in bits.</summary>
    public int? RefcountBits { get; init; }

    /// <summary>Whether qcow2's L2 entries have subclusters.</summary>
    public bool? ExtendedL2 { get; init; }

    /// <summary>Whether qcow2's refcounts are updated lazily.</summary>
    public bool? LazyRefcounts { get; init; }

    /// <summary>Whether a qcow2 with lazy refcounts was not closed cleanly.</summary>
    public bool? DirtyFlag { get; init; }

    /// <summary>Whether qcow2's corrupt bit is set.</summary>
    public bool? Corrupt { get; init; }

    /// <summary>Internal snapshots in the image.</summary>
    public int? Snapshots { get; init; }

    /// <summary>The backing file as the image names it.</summary>
    public string? BackingFilename { get; init; }

    /// <summary>The backing file's format as the image names it.</summary>
    public string? BackingFilenameFormat { get; init; }

    /// <summary>The backing file's resolved path.</summary>
    public string? FullBackingFilename { get; init; }

    /// <summary>The backing file, described in turn.</summary>
    public ImageDescription? Backing { get; init; }
}
