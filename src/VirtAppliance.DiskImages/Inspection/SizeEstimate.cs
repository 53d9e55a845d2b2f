namespace VirtAppliance.DiskImages.Inspection;

/// <param name="Required">Bytes the converted file needs for the source's data.</param>
/// <param name="FullyAllocated">Bytes the file would need with every cluster allocated.</param>
public sealed record SizeEstimate(long Required, long FullyAllocated);
