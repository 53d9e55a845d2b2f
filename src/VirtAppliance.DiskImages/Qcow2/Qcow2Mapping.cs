namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>A run of guest bytes with one cluster kind; HostOffset is where its bytes start (normal data only).</summary>
internal readonly record struct Qcow2Mapping(long Offset, long Length, Qcow2ClusterKind Kind, long HostOffset, ulong Descriptor)
{
    public long End => Offset + Length;
}
