namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>Byte offsets of the qcow2 header fields (QEMU docs/interop/qcow2.txt), each from the previous one.</summary>
internal static class Qcow2FieldLocations
{
    public const int Magic = 0;
    public const int Version = Magic + 4;
    public const int BackingFileOffset = Version + 4;
    public const int BackingFileSize = BackingFileOffset + 8;
    public const int ClusterBits = BackingFileSize + 4;
    public const int Size = ClusterBits + 4;
    public const int CryptMethod = Size + 8;
    public const int L1Size = CryptMethod + 4;
    public const int L1TableOffset = L1Size + 4;
    public const int RefcountTableOffset = L1TableOffset + 8;
    public const int RefcountTableClusters = RefcountTableOffset + 8;
    public const int NbSnapshots = RefcountTableClusters + 4;
    public const int SnapshotsOffset = NbSnapshots + 4;
    public const int V2HeaderEnd = SnapshotsOffset + 8;

    public const int IncompatibleFeatures = V2HeaderEnd;
    public const int CompatibleFeatures = IncompatibleFeatures + 8;
    public const int AutoclearFeatures = CompatibleFeatures + 8;
    public const int RefcountOrder = AutoclearFeatures + 8;
    public const int HeaderLength = RefcountOrder + 4;
    public const int V3MinimumHeaderEnd = HeaderLength + 4;

    public const int CompressionType = V3MinimumHeaderEnd;

    /// <summary>The header length this library writes: through compression_type, padded to 8.</summary>
    public const int WrittenHeaderLength = 112;

    /// <summary>The fixed part of a snapshot table entry (docs/interop/qcow2.txt, "Snapshots"), then extra data, id and name.</summary>
    public static class Snapshot
    {
        public const int L1TableOffset = 0;
        public const int L1Size = L1TableOffset + 8;
        public const int IdSize = L1Size + 4;
        public const int NameSize = IdSize + 2;
        public const int DateSeconds = NameSize + 2;
        public const int DateNanoseconds = DateSeconds + 4;
        public const int VmClockNanoseconds = DateNanoseconds + 4;
        public const int VmStateSize = VmClockNanoseconds + 8;
        public const int ExtraDataSize = VmStateSize + 4;
        public const int FixedSize = ExtraDataSize + 4;
    }
}
