using System.Buffers.Binary;

namespace VirtAppliance.DiskImages.Qcow2;

public sealed partial class Qcow2Image
{
    /// <summary>Maps a guest range to runs of one kind; adjacent normal runs merge only when contiguous on the host.</summary>
    internal IEnumerable<Qcow2Mapping> Map(long offset, long length) =>
        RunMerger.Merge(Units(offset, offset + length), (current, next) =>
            current.Kind == next.Kind && next.Kind != Qcow2ClusterKind.Compressed &&
            (next.Kind != Qcow2ClusterKind.Normal || current.HostOffset + current.Length == next.HostOffset)
                ? current with { Length = current.Length + next.Length }
                : null);

    private IEnumerable<Qcow2Mapping> Units(long position, long end)
    {
        while (position < end)
        {
            var unit = MapUnit(position, end);
            position = unit.End;
            yield return unit;
        }
    }

    /// <summary>The mapping of the cluster (or subcluster) holding position, clipped to end.</summary>
    private Qcow2Mapping MapUnit(long position, long end)
    {
        var clusterIndex = position >> _geometry.ClusterBits;
        var l1Index = clusterIndex / _geometry.L2Entries;
        if (l1Index >= _l1.Length || L2TableOffset(l1Index) == 0)
        {
            var tableEnd = Math.Min(end, (l1Index + 1) * _geometry.BytesPerL2);
            return new Qcow2Mapping(position, tableEnd - position, Qcow2ClusterKind.Unallocated, 0, 0);
        }

        var entry = GetL2Entry(clusterIndex);
        var clusterStart = clusterIndex << _geometry.ClusterBits;
        var within = position - clusterStart;

        if (entry.IsCompressed)
        {
            var stop = Math.Min(end, clusterStart + _geometry.ClusterSize);
            return new Qcow2Mapping(position, stop - position, Qcow2ClusterKind.Compressed, 0, entry.Descriptor);
        }

        if (!_geometry.ExtendedL2)
        {
            var stop = Math.Min(end, clusterStart + _geometry.ClusterSize);
            var kind = entry.Kind(_header.Version);
            if (kind == Qcow2ClusterKind.Normal)
            {
                CheckDataCluster(entry.HostOffset, clusterIndex, entry.HostOffset + (stop - clusterStart));
                return new Qcow2Mapping(position, stop - position, kind, entry.HostOffset + within, entry.Descriptor);
            }

            return new Qcow2Mapping(position, stop - position, kind, 0, entry.Descriptor);
        }

        var subcluster = (int)(within / _geometry.SubclusterSize);
        var subclusterEnd = Math.Min(end, clusterStart + (subcluster + 1) * _geometry.SubclusterSize);
        if ((entry.AllocatedSubclusters & (1u << subcluster)) != 0)
        {
            if (entry.HostOffset == 0)
            {
                throw CorruptImage.Error(FilePath, $"L2 entry for guest cluster {clusterIndex}", clusterStart, "marks a subcluster allocated but has no host offset");
            }

            CheckDataCluster(entry.HostOffset, clusterIndex, entry.HostOffset + (subclusterEnd - clusterStart));
            return new Qcow2Mapping(position, subclusterEnd - position, Qcow2ClusterKind.Normal, entry.HostOffset + within, entry.Descriptor);
        }

        var subKind = (entry.ZeroSubclusters & (1u << subcluster)) != 0 ? Qcow2ClusterKind.ZeroPlain : Qcow2ClusterKind.Unallocated;
        return new Qcow2Mapping(position, subclusterEnd - position, subKind, 0, entry.Descriptor);
    }

    /// <summary>Checks a data cluster's alignment, and that the bytes up to <paramref name="usedEnd"/> are inside the file.</summary>
    private void CheckDataCluster(long hostOffset, long clusterIndex, long usedEnd)
    {
        if ((hostOffset & (_geometry.ClusterSize - 1)) != 0)
        {
            throw CorruptImage.Error(FilePath, $"L2 entry for guest offset {clusterIndex << _geometry.ClusterBits}", hostOffset, "points to a data cluster that is not cluster-aligned");
        }

        if (usedEnd > MetadataLimit)
        {
            throw CorruptImage.Error(FilePath, $"L2 entry for guest offset {clusterIndex << _geometry.ClusterBits}", hostOffset,
                $"points to data up to byte {usedEnd}, past the end of the {_fileLength}-byte file (the file is truncated)");
        }
    }

    internal Qcow2L2Entry GetL2Entry(long clusterIndex)
    {
        var l1Index = clusterIndex / _geometry.L2Entries;
        if (l1Index >= _l1.Length)
        {
            return default;
        }

        var l2Offset = L2TableOffset(l1Index);
        if (l2Offset == 0)
        {
            return default;
        }

        var table = LoadL2Table(l2Offset);
        var position = (int)(clusterIndex % _geometry.L2Entries) * _geometry.L2EntrySize;
        var descriptor = BinaryPrimitives.ReadUInt64BigEndian(table.AsSpan(position));
        var bitmap = _geometry.ExtendedL2 ? BinaryPrimitives.ReadUInt64BigEndian(table.AsSpan(position + 8)) : 0;
        return new Qcow2L2Entry(descriptor, bitmap);
    }

    private long L2TableOffset(long l1Index)
    {
        var offset = (long)(_l1[l1Index] & Qcow2Constants.L1OffsetMask);
        if (offset == 0)
        {
            return 0;
        }

        if ((offset & (_geometry.ClusterSize - 1)) != 0 || offset > MetadataLimit - _geometry.ClusterSize)
        {
            throw CorruptImage.Error(FilePath, $"L1 entry {l1Index}", _header.L1TableOffset + l1Index * 8,
                $"points to an L2 table at {offset} that is unaligned or beyond the end of the {_fileLength}-byte file");
        }

        return offset;
    }

    private byte[] LoadL2Table(long offset) => _l2Cache.Get(offset, LoadCluster);

    private byte[] LoadCluster(long offset)
    {
        var data = new byte[_geometry.ClusterSize];
        ReadExactly(_handle, data, offset, FilePath, "metadata cluster");
        return data;
    }
}
