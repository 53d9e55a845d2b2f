using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;

namespace VirtAppliance.DiskImages.Inspection;

/// <summary>The file size a conversion needs, like <c>qemu-img measure</c>: an upper bound for this library's writer.</summary>
public static class ImageMeasurer
{
    /// <summary>The bytes a conversion of <paramref name="source"/> to <paramref name="outputFormat"/> needs, as <c>qemu-img measure</c>.</summary>
    public static SizeEstimate Measure(DiskImage source, DiskFormat outputFormat, int clusterSize = 65536, int refcountBits = 16)
    {
        if (outputFormat is RawFormat)
        {
            return new SizeEstimate(source.Capacity, source.Capacity);
        }

        if (outputFormat is not Qcow2Format)
        {
            throw new NotSupportedException($"measuring {outputFormat.Name} output is not supported yet");
        }

        var geometry = new Qcow2Geometry(System.Numerics.BitOperations.Log2((uint)clusterSize), false, System.Numerics.BitOperations.Log2((uint)refcountBits));
        var ranges = DataRanges.Of(source, clusterSize);
        var dataClusters = ranges.Sum(r => geometry.ClustersFor(r.End - r.Start));
        var l2Tables = CountL2Tables(ranges, geometry);
        var allClusters = geometry.ClustersFor(source.Capacity);
        var allL2Tables = (allClusters + geometry.L2Entries - 1) / geometry.L2Entries;
        return new SizeEstimate(
            FileBytes(geometry, source.Capacity, dataClusters, l2Tables),
            FileBytes(geometry, source.Capacity, allClusters, allL2Tables));
    }

    private static long CountL2Tables(List<(long Start, long End)> ranges, Qcow2Geometry geometry)
    {
        var tables = 0L;
        var lastTable = -1L;
        foreach (var (start, end) in ranges)
        {
            var first = Math.Max(lastTable + 1, start / geometry.BytesPerL2);
            var last = (end - 1) / geometry.BytesPerL2;
            if (last >= first)
            {
                tables += last - first + 1;
                lastTable = last;
            }
        }

        return tables;
    }

    /// <summary>Header, L1, L2 tables, data, and refcount structures (twice over, for a table that moves while growing).</summary>
    private static long FileBytes(Qcow2Geometry geometry, long capacity, long dataClusters, long l2Tables)
    {
        var l1Clusters = geometry.ClustersFor(Qcow2Geometry.RequiredL1Entries(capacity, geometry.ClusterBits, false) * 8L);
        var clusters = 1 + l1Clusters + l2Tables + dataClusters;
        long refcountClusters = 0;
        while (true)
        {
            var total = clusters + refcountClusters;
            var blocks = (total + geometry.RefcountBlockEntries - 1) / geometry.RefcountBlockEntries;
            var table = geometry.ClustersFor(blocks * 8);
            var needed = blocks + 2 * table;
            if (needed <= refcountClusters)
            {
                break;
            }

            refcountClusters = needed;
        }

        return (clusters + refcountClusters) * geometry.ClusterSize;
    }
}
