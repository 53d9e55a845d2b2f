namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>Cluster arithmetic for one image: table sizes, entry counts, compressed-descriptor masks.</summary>
internal sealed class Qcow2Geometry
{
    public Qcow2Geometry(int clusterBits, bool extendedL2, int refcountOrder)
    {
        ClusterBits = clusterBits;
        ClusterSize = 1L << clusterBits;
        ExtendedL2 = extendedL2;
        L2EntrySize = extendedL2 ? 16 : 8;
        L2Entries = (int)(ClusterSize / L2EntrySize);
        SubclusterSize = extendedL2 ? ClusterSize / Qcow2Constants.SubclustersPerCluster : ClusterSize;
        RefcountBits = 1 << refcountOrder;
        RefcountBlockEntries = (int)(ClusterSize * 8 / RefcountBits);
        MaxRefcount = RefcountBits == 64 ? ulong.MaxValue : (1UL << RefcountBits) - 1;
        CompressedOffsetBits = 62 - (clusterBits - 8);
        CompressedOffsetMask = (1UL << CompressedOffsetBits) - 1;
        CompressedSectorsMask = (1UL << (clusterBits - 8)) - 1;
    }

    public int ClusterBits { get; }
    public long ClusterSize { get; }
    public bool ExtendedL2 { get; }
    public int L2EntrySize { get; }
    public int L2Entries { get; }
    public long SubclusterSize { get; }
    public int RefcountBits { get; }
    public int RefcountBlockEntries { get; }
    public ulong MaxRefcount { get; }
    public int CompressedOffsetBits { get; }
    public ulong CompressedOffsetMask { get; }
    public ulong CompressedSectorsMask { get; }

    /// <summary>Guest bytes one L2 table maps.</summary>
    public long BytesPerL2 => L2Entries * ClusterSize;

    public static uint RequiredL1Entries(long size, int clusterBits, bool extendedL2)
    {
        var l2Entries = (1L << clusterBits) / (extendedL2 ? 16 : 8);
        var perL2 = l2Entries << clusterBits;
        return (uint)Math.Min(uint.MaxValue, (size + perL2 - 1) / perL2);
    }

    public long ClustersFor(long bytes) => (bytes + ClusterSize - 1) >> ClusterBits;

    public long AlignUp(long offset) => (offset + ClusterSize - 1) & ~(ClusterSize - 1);

    /// <summary>Decodes a compressed cluster descriptor into the byte range holding the compressed data.</summary>
    public (long Offset, long Length) CompressedRange(ulong entry)
    {
        var offset = (long)(entry & CompressedOffsetMask);
        var extraSectors = (long)((entry >> CompressedOffsetBits) & CompressedSectorsMask);
        var length = (extraSectors + 1) * 512 - (offset & 511);
        return (offset, length);
    }

    /// <summary>Encodes a compressed descriptor for data of the given length at a host offset.</summary>
    public ulong CompressedEntry(long offset, int length)
    {
        var extraSectors = (ulong)(((offset + length - 1) >> 9) - (offset >> 9));
        return Qcow2Constants.FlagCompressed | ((ulong)offset & CompressedOffsetMask) | (extraSectors << CompressedOffsetBits);
    }
}
