using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace VirtAppliance.DiskImages.Qcow2;

public sealed partial class Qcow2Image
{
    /// <summary>Creates an empty image (or one with metadata preallocated) and opens it for writing.</summary>
    public static Qcow2Image Create(string path, Qcow2CreateOptions options)
    {
        options.Validate();
        var clusterBits = BitOperations.Log2((uint)options.ClusterSize);
        var clusterSize = (long)options.ClusterSize;
        var geometry = new Qcow2Geometry(clusterBits, false, BitOperations.Log2((uint)options.RefcountBits));
        var l1Entries = Qcow2Geometry.RequiredL1Entries(options.Capacity, clusterBits, false);
        if (l1Entries * 8L > Qcow2Constants.MaxL1TableBytes)
        {
            throw new ArgumentException($"a {options.Capacity}-byte disk needs an L1 table larger than 32 MiB with {clusterSize}-byte clusters; use a larger cluster size");
        }

        var l1Clusters = geometry.ClustersFor(l1Entries * 8L);
        var (tableClusters, blockCount) = InitialRefcountLayout(geometry, 1 + l1Clusters);
        var tableOffset = clusterSize;
        var blocksOffset = tableOffset + (tableClusters << clusterBits);
        var l1Offset = blocksOffset + (blockCount << clusterBits);
        var usedClusters = 1 + tableClusters + blockCount + l1Clusters;

        var header = new Qcow2Header
        {
            Version = options.Version,
            ClusterBits = clusterBits,
            Size = options.Capacity,
            L1Size = l1Entries,
            L1TableOffset = l1Offset,
            RefcountTableOffset = tableOffset,
            RefcountTableClusters = (uint)tableClusters,
            RefcountOrder = BitOperations.Log2((uint)options.RefcountBits),
            HeaderLength = options.Version >= 3 ? Qcow2FieldLocations.WrittenHeaderLength : Qcow2FieldLocations.V2HeaderEnd,
            CompressionType = options.CompressionType,
            IncompatibleFeatures = options.CompressionType != CompressionType.Zlib ? Qcow2IncompatibleFeatures.CompressionType : 0,
            CompatibleFeatures = options.LazyRefcounts ? Qcow2CompatibleFeatures.LazyRefcounts : 0,
        };

        var firstCluster = new byte[clusterSize];
        var extensionsEnd = header.HeaderLength + Qcow2Extensions.Write(firstCluster.AsSpan(header.HeaderLength), options.BackingFile is null ? null : options.BackingFormat);
        if (options.BackingFile is not null)
        {
            var name = Encoding.UTF8.GetBytes(options.BackingFile);
            if (extensionsEnd + name.Length > clusterSize)
            {
                throw new ArgumentException($"the backing file name does not fit in the first {clusterSize}-byte cluster; use a shorter name or larger clusters");
            }

            name.CopyTo(firstCluster, extensionsEnd);
            header = header with { BackingFileOffset = (ulong)extensionsEnd, BackingFileSize = (uint)name.Length };
        }

        header.Write(firstCluster);
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read))
        {
            RandomAccess.Write(handle, firstCluster, 0);
            var table = new byte[tableClusters << clusterBits];
            for (var i = 0; i < blockCount; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(table.AsSpan(i * 8), (ulong)(blocksOffset + (i << clusterBits)));
            }

            RandomAccess.Write(handle, table, tableOffset);
            var blocks = new byte[blockCount << clusterBits];
            for (var cluster = 0; cluster < usedClusters; cluster++)
            {
                var block = blocks.AsSpan((int)(cluster / geometry.RefcountBlockEntries * clusterSize), (int)clusterSize);
                RefcountBlock.Set(block, cluster % geometry.RefcountBlockEntries, geometry.RefcountBits, 1);
            }

            RandomAccess.Write(handle, blocks, blocksOffset);
            RandomAccess.SetLength(handle, l1Offset + l1Entries * 8L);
        }

        var image = Open(path, writable: true);
        if (options.Preallocation == Qcow2Preallocation.Metadata)
        {
            image.PreallocateMetadata();
        }

        return image;
    }

    /// <summary>How many refcount table clusters and blocks cover the fixed metadata, found by iterating to a fixed point.</summary>
    private static (long TableClusters, long Blocks) InitialRefcountLayout(Qcow2Geometry geometry, long otherClusters)
    {
        long tableClusters = 1, blocks = 1;
        while (true)
        {
            var total = otherClusters + tableClusters + blocks;
            var neededBlocks = (total + geometry.RefcountBlockEntries - 1) / geometry.RefcountBlockEntries;
            var neededTable = geometry.ClustersFor(neededBlocks * 8);
            if (neededBlocks == blocks && neededTable == tableClusters)
            {
                return (tableClusters, blocks);
            }

            blocks = Math.Max(blocks, neededBlocks);
            tableClusters = Math.Max(tableClusters, neededTable);
        }
    }

    private void PreallocateMetadata()
    {
        BeginModification();
        var clusters = _geometry.ClustersFor(Capacity);
        for (var first = 0L; first < clusters; first += _geometry.L2Entries)
        {
            var count = Math.Min(_geometry.L2Entries, clusters - first);
            EnsureL2Table(first);
            var hostOffset = AllocateClusters(count);
            for (var i = 0; i < count; i++)
            {
                SetL2Entry(first + i, (ulong)(hostOffset + (i << _geometry.ClusterBits)) | Qcow2Constants.FlagCopied);
            }
        }

        ExtendToAllocationEnd();
        Flush();
    }
}
