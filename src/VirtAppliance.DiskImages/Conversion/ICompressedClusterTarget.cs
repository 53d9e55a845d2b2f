using VirtAppliance.DiskImages.Compression;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>An output that stores compressed clusters itself (qcow2 compressed clusters, VMDK stream-optimized grains).</summary>
internal interface ICompressedClusterTarget
{
    int CompressedClusterSize { get; }

    ClusterCodec Codec { get; }

    /// <summary>The most bytes a compressed cluster may take; a cluster that does not fit is written uncompressed.</summary>
    int MaxCompressedLength { get; }

    /// <summary>Clusters arrive in increasing order.</summary>
    void WriteCompressedCluster(long clusterIndex, ReadOnlySpan<byte> compressed);
}
