namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>Byte offsets of the hosted sparse extent header (little-endian), from VMware's Virtual Disk Format 1.1.</summary>
internal static class VmdkFieldLocations
{
    public const int HeaderSize = 512;
    public const int Magic = 0;
    public const int Version = Magic + 4;
    public const int Flags = Version + 4;
    public const int Capacity = Flags + 4;
    public const int GrainSize = Capacity + 8;
    public const int DescriptorOffset = GrainSize + 8;
    public const int DescriptorSize = DescriptorOffset + 8;
    public const int NumGtesPerGt = DescriptorSize + 8;
    public const int RgdOffset = NumGtesPerGt + 4;
    public const int GdOffset = RgdOffset + 8;
    public const int OverHead = GdOffset + 8;
    public const int UncleanShutdown = OverHead + 8;
    public const int SingleEndLineChar = UncleanShutdown + 1;
    public const int NonEndLineChar = SingleEndLineChar + 1;
    public const int DoubleEndLineChar1 = NonEndLineChar + 1;
    public const int DoubleEndLineChar2 = DoubleEndLineChar1 + 1;
    public const int CompressAlgorithm = DoubleEndLineChar2 + 1;

    public const int MarkerValue = 0;
    public const int MarkerSize = MarkerValue + 8;
    public const int MarkerType = MarkerSize + 4;
    public const int GrainMarkerData = MarkerSize + 4;
}
