namespace VirtAppliance.DiskImages.Qcow2;

internal enum Qcow2ClusterKind
{
    Unallocated,
    ZeroPlain,
    ZeroAllocated,
    Normal,
    Compressed,
}
