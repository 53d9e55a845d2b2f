namespace VirtAppliance.DiskImages.Qcow2;

internal static class Qcow2Constants
{
    public const uint Magic = 0x514649fb; // "QFI\xfb"

    public const int MinClusterBits = 9;
    public const int MaxClusterBits = 21;
    public const int MinExtendedL2ClusterBits = 14;
    public const int DefaultClusterBits = 16;
    public const int MaxBackingFileNameLength = 1023;

    /// <summary>QEMU's implementation limits, which this library shares so that every image it opens QEMU opens too.</summary>
    public const long MaxL1TableBytes = 32L << 20;
    public const long MaxRefcountTableBytes = 8L << 20;
    public const int MaxSnapshots = 65536;

    public const ulong L1OffsetMask = 0x00fffffffffffe00UL;
    public const ulong L1ReservedMask = 0x7f000000000001ffUL;
    public const ulong L2OffsetMask = 0x00fffffffffffe00UL;
    public const ulong L2StandardReservedMask = 0x3f000000000001feUL;
    public const ulong RefcountTableOffsetMask = 0xfffffffffffffe00UL;
    public const ulong RefcountTableReservedMask = 0x1ffUL;

    public const ulong FlagCopied = 1UL << 63;
    public const ulong FlagCompressed = 1UL << 62;
    public const ulong FlagZero = 1UL;

    public const int SubclustersPerCluster = 32;

    public const uint ExtensionEnd = 0;
    public const uint ExtensionBackingFormat = 0xe2792aca;
    public const uint ExtensionFeatureNameTable = 0x6803f857;
    public const uint ExtensionBitmaps = 0x23852875;
    public const uint ExtensionEncryption = 0x0537be77;
    public const uint ExtensionExternalDataFile = 0x44415441;

    public const int FeatureNameEntrySize = 48;
    public const int FeatureNameLength = 46;
}
