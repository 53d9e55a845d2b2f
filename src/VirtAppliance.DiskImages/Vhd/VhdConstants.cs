namespace VirtAppliance.DiskImages.Vhd;

internal static class VhdConstants
{
    public const string FooterCookie = "conectix";
    public const string DynamicCookie = "cxsparse";
    public const uint FeaturesReserved = 2;
    public const uint Version = 0x00010000;
    public const ulong NoDataOffset = ulong.MaxValue;
    public const uint TypeFixed = 2;
    public const uint TypeDynamic = 3;
    public const uint TypeDifferencing = 4;
    public const uint Unallocated = uint.MaxValue;
    public const int SectorSize = 512;
    public const int DefaultBlockSize = 2 << 20;
    public const uint CreatorVersion = 0x00050003;
    public const uint HostOsWindows = 0x5769326b; // "Wi2k"
    public const long MaxGeometrySectors = 65535L * 16 * 255;

    /// <summary>Seconds between the Unix epoch and the VHD epoch (2000-01-01T00:00:00Z).</summary>
    public const long EpochOffsetSeconds = 946684800;

    /// <summary>Creators whose images QEMU sizes by current_size rather than by CHS geometry.</summary>
    public static readonly string[] CurrentSizeCreators = ["win ", "qem2", "d2v ", "CTXS", "tap\0"];

    /// <summary>QEMU's creator code for an image made with force_size (exact size).</summary>
    public const string ExactSizeCreator = "qem2";
    public const string CreatorQemu = "qemu";
}
