namespace VirtAppliance.DiskImages;

/// <summary>A run of guest bytes with one allocation state.</summary>
/// <param name="Offset">Guest offset in bytes.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Kind">What the run holds.</param>
/// <param name="Depth">Layer of the backing chain that supplies it (0 = the image itself).</param>
/// <param name="HostOffset">Where the data starts in that layer's file, when it is stored contiguously.</param>
public readonly record struct Extent(long Offset, long Length, ExtentKind Kind, int Depth = 0, long? HostOffset = null)
{
    /// <summary>The offset just past the extent.</summary>
    public long End => Offset + Length;
}
