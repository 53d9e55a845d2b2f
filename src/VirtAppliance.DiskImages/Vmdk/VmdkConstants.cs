namespace VirtAppliance.DiskImages.Vmdk;

internal static class VmdkConstants
{
    public const uint Magic = 0x564d444b; // "KDMV"
    public const int SectorSize = 512;
    public const uint FlagNewlineTest = 1 << 0;
    public const uint FlagRedundantGrainTable = 1 << 1;
    public const uint FlagZeroedGrainTableEntry = 1 << 2;
    public const uint FlagCompressed = 1 << 16;
    public const uint FlagMarkers = 1 << 17;
    public const ushort CompressionDeflate = 1;
    public const ulong GdAtEnd = ulong.MaxValue;
    public const int GtesPerGt = 512;
    public const long DefaultGrainSectors = 128;
    public const uint GteZeroed = 1;
    public const uint MarkerEos = 0;
    public const uint MarkerGrainTable = 1;
    public const uint MarkerGrainDirectory = 2;
    public const uint MarkerFooter = 3;
    public const long MaxCapacitySectors = 1L << 40;

    /// <summary>Sector numbers in headers beyond this (512 PiB) cannot be in a file, and their byte offsets would overflow.</summary>
    public const long MaxFileSectors = 1L << 50;
    public const string NoParent = "ffffffff";
}
