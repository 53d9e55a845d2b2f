using VirtAppliance.DiskImages;

namespace VirtAppliance.Building.Pipeline;

/// <summary>How to build: where the outputs go and in which format.</summary>
public sealed record BuildOptions
{
    public required string OutputFolder { get; init; }

    /// <summary>raw, qcow2, vmdk, vhd, vhdx or vdi; null for the spec's format, else qcow2.</summary>
    public string? Format { get; init; }

    /// <summary>Compress qcow2 clusters (-c); null for the spec's choice.</summary>
    public bool? Compress { get; init; }

    public CompressionType? Compression { get; init; }

    /// <summary>Derives every UUID, volume id and salt; null for a random one.</summary>
    public string? Seed { get; init; }

    /// <summary>Seconds since 1970 for every timestamp in the disks (SOURCE_DATE_EPOCH); null for now.</summary>
    public long? Epoch { get; init; }

    /// <summary>Replace existing outputs of the same names.</summary>
    public bool Force { get; init; }

    /// <summary>Where downloaded kernel packages are kept.</summary>
    public required string CacheFolder { get; init; }
}
