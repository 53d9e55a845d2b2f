namespace VirtAppliance.DiskImages;

/// <summary>What a range of a virtual disk holds in one layer of a backing chain.</summary>
public enum ExtentKind
{
    /// <summary>Stored data (which may still happen to be zeros).</summary>
    Data,

    /// <summary>Known to read as zeros without storing them.</summary>
    Zero,

    /// <summary>Not stored in this layer: reads fall through to the backing file, else zeros.</summary>
    Unallocated,
}
