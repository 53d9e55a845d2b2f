namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>One L2 entry: the 64-bit descriptor and, with extended L2, the subcluster bitmap.</summary>
internal readonly record struct Qcow2L2Entry(ulong Descriptor, ulong Bitmap)
{
    public bool IsCompressed => (Descriptor & Qcow2Constants.FlagCompressed) != 0;

    public bool IsCopied => (Descriptor & Qcow2Constants.FlagCopied) != 0;

    public long HostOffset => (long)(Descriptor & Qcow2Constants.L2OffsetMask);

    public uint AllocatedSubclusters => (uint)Bitmap;

    public uint ZeroSubclusters => (uint)(Bitmap >> 32);

    /// <summary>The kind of a whole standard (non-extended) entry.</summary>
    public Qcow2ClusterKind Kind(int version)
    {
        if (IsCompressed)
        {
            return Qcow2ClusterKind.Compressed;
        }

        var zero = version >= 3 && (Descriptor & Qcow2Constants.FlagZero) != 0;
        if (zero)
        {
            return HostOffset != 0 ? Qcow2ClusterKind.ZeroAllocated : Qcow2ClusterKind.ZeroPlain;
        }

        return HostOffset != 0 ? Qcow2ClusterKind.Normal : Qcow2ClusterKind.Unallocated;
    }
}
