namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>The fixed qcow2 header fields; header extensions are kept apart.</summary>
internal sealed partial record Qcow2Header
{
    public required int Version { get; init; }
    public ulong BackingFileOffset { get; init; }
    public uint BackingFileSize { get; init; }
    public required int ClusterBits { get; init; }
    public required long Size { get; init; }
    public uint CryptMethod { get; init; }
    public required uint L1Size { get; init; }
    public required long L1TableOffset { get; init; }
    public required long RefcountTableOffset { get; init; }
    public required uint RefcountTableClusters { get; init; }
    public uint NbSnapshots { get; init; }
    public long SnapshotsOffset { get; init; }
    public Qcow2IncompatibleFeatures IncompatibleFeatures { get; init; }
    public Qcow2CompatibleFeatures CompatibleFeatures { get; init; }
    public Qcow2AutoclearFeatures AutoclearFeatures { get; init; }
    public int RefcountOrder { get; init; } = 4;
    public int HeaderLength { get; init; } = Qcow2FieldLocations.WrittenHeaderLength;
    public CompressionType CompressionType { get; init; }

    public long ClusterSize => 1L << ClusterBits;

    public bool HasExtendedL2 => IncompatibleFeatures.HasFlag(Qcow2IncompatibleFeatures.ExtendedL2);
}
