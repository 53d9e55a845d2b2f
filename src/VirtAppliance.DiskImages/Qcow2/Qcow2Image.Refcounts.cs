namespace VirtAppliance.DiskImages.Qcow2;

public sealed partial class Qcow2Image
{
    private ulong[] _refcountTable;
    private bool _refcountTableDirty;
    private long _allocationEnd;

    /// <summary>Where metadata may lie: the file, plus clusters this instance reserved but has not written yet.</summary>
    private long MetadataLimit => IsWritable ? Math.Max(_fileLength, _allocationEnd) : _fileLength;

    /// <summary>The stored refcount of a host cluster (0 where no refcount block covers it).</summary>
    internal ulong GetRefcount(long clusterIndex)
    {
        var tableIndex = clusterIndex / _geometry.RefcountBlockEntries;
        if (tableIndex >= _refcountTable.Length)
        {
            return 0;
        }

        var blockOffset = RefcountBlockOffset(tableIndex);
        if (blockOffset == 0)
        {
            return 0;
        }

        var block = _refcountCache.Get(blockOffset, LoadCluster);
        return RefcountBlock.Get(block, (int)(clusterIndex % _geometry.RefcountBlockEntries), _geometry.RefcountBits);
    }

    internal long RefcountBlockOffset(long tableIndex)
    {
        var offset = (long)(_refcountTable[tableIndex] & Qcow2Constants.RefcountTableOffsetMask);
        if (offset != 0 && (offset < 0 || (offset & (_geometry.ClusterSize - 1)) != 0 || offset > MetadataLimit - _geometry.ClusterSize))
        {
            throw CorruptImage.Error(FilePath, $"refcount table entry {tableIndex}", _header.RefcountTableOffset + tableIndex * 8,
                $"points to a refcount block at {offset} that is unaligned or beyond the end of the file");
        }

        return offset;
    }

    /// <summary>Reserves clusters at the end of the file with refcount 1 and returns the first one's offset.</summary>
    private long AllocateClusters(long count)
    {
        var offset = ReserveClusters(count);
        for (var i = 0; i < count; i++)
        {
            AddRefcount((offset >> _geometry.ClusterBits) + i, +1);
        }

        return offset;
    }

    /// <summary>Moves the end of the file forward without touching refcounts.</summary>
    private long ReserveClusters(long count)
    {
        var offset = _allocationEnd;
        _allocationEnd += count << _geometry.ClusterBits;
        return offset;
    }

    private void AddRefcount(long clusterIndex, long delta)
    {
        var tableIndex = clusterIndex / _geometry.RefcountBlockEntries;
        if (tableIndex >= _refcountTable.Length)
        {
            GrowRefcountTable(clusterIndex);
        }

        var blockOffset = RefcountBlockOffset(tableIndex);
        byte[] block;
        if (blockOffset == 0)
        {
            blockOffset = ReserveClusters(1);
            block = _refcountCache.AddNew(blockOffset);
            _refcountTable[tableIndex] = (ulong)blockOffset;
            _refcountTableDirty = true;
            AddRefcount(blockOffset >> _geometry.ClusterBits, +1);
        }
        else
        {
            block = _refcountCache.Get(blockOffset, LoadCluster);
        }

        var index = (int)(clusterIndex % _geometry.RefcountBlockEntries);
        var current = RefcountBlock.Get(block, index, _geometry.RefcountBits);
        var updated = (ulong)((long)current + delta);
        if ((delta < 0 && current < (ulong)(-delta)) || (delta > 0 && updated > _geometry.MaxRefcount))
        {
            throw new InvalidOperationException($"{FilePath}: refcount of host cluster {clusterIndex} would leave its range ({current} {delta:+#;-#})");
        }

        RefcountBlock.Set(block, index, _geometry.RefcountBits, updated);
        _refcountCache.MarkDirty(blockOffset);
    }

    /// <summary>Moves the refcount table to the end of the file with room for twice the clusters needed.</summary>
    private void GrowRefcountTable(long neededClusterIndex)
    {
        var perBlock = _geometry.RefcountBlockEntries;
        var coveredClusters = Math.Max(neededClusterIndex + 1, _allocationEnd >> _geometry.ClusterBits) * 2;
        var entries = (coveredClusters + perBlock - 1) / perBlock;
        var tableClusters = _geometry.ClustersFor(entries * 8);
        if ((tableClusters << _geometry.ClusterBits) > Qcow2Constants.MaxRefcountTableBytes)
        {
            throw new IOException($"{FilePath}: the image would need a refcount table larger than the 8 MiB QEMU accepts; use a larger cluster size");
        }

        var oldOffset = _header.RefcountTableOffset;
        var oldClusters = _header.RefcountTableClusters;
        var newTable = new ulong[(tableClusters << _geometry.ClusterBits) / 8];
        _refcountTable.CopyTo(newTable, 0);
        _refcountTable = newTable;
        var newOffset = ReserveClusters(tableClusters);
        _header = _header with { RefcountTableOffset = newOffset, RefcountTableClusters = (uint)tableClusters };
        _refcountTableDirty = true;
        _headerDirty = true;
        for (var i = 0L; i < tableClusters; i++)
        {
            AddRefcount((newOffset >> _geometry.ClusterBits) + i, +1);
        }

        for (var i = 0L; i < oldClusters; i++)
        {
            AddRefcount((oldOffset >> _geometry.ClusterBits) + i, -1);
        }
    }
}
