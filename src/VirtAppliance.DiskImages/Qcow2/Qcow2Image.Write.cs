using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using F = VirtAppliance.DiskImages.Qcow2.Qcow2FieldLocations;

namespace VirtAppliance.DiskImages.Qcow2;

public sealed partial class Qcow2Image
{
    private bool _l1Dirty;
    private bool _headerDirty;
    private bool _markedDirty;
    private long _compressedCursor;
    private long _compressedRegionEnd;
    private byte[]? _clusterBuffer;

    /// <inheritdoc />
    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        BeginModification();
        var clusterSize = _geometry.ClusterSize;
        while (!data.IsEmpty)
        {
            var clusterIndex = offset >> _geometry.ClusterBits;
            var within = (int)(offset & (clusterSize - 1));
            var entry = GetL2Entry(clusterIndex);
            var kind = entry.Kind(_header.Version);
            int written;
            if (kind == Qcow2ClusterKind.Normal && entry.IsCopied)
            {
                written = (int)Math.Min(data.Length, clusterSize - within);
                CheckDataCluster(entry.HostOffset, clusterIndex, entry.HostOffset);
                HostFile.WriteData(_handle, data[..written], entry.HostOffset + within);
            }
            else if (within == 0 && data.Length >= clusterSize && kind is Qcow2ClusterKind.Unallocated or Qcow2ClusterKind.ZeroPlain)
            {
                written = WriteFreshClusters(clusterIndex, data);
            }
            else
            {
                written = (int)Math.Min(data.Length, clusterSize - within);
                RewriteCluster(clusterIndex, entry, kind, within, data[..written]);
            }

            data = data[written..];
            offset += written;
        }
    }

    /// <summary>Allocates a contiguous host run for consecutive fresh full clusters and writes them in one call.</summary>
    private int WriteFreshClusters(long clusterIndex, ReadOnlySpan<byte> data)
    {
        var clusterSize = _geometry.ClusterSize;
        var tableEnd = (clusterIndex / _geometry.L2Entries + 1) * _geometry.L2Entries;
        var count = 1L;
        var maxCount = Math.Min(data.Length / clusterSize, tableEnd - clusterIndex);
        while (count < maxCount && GetL2Entry(clusterIndex + count).Kind(_header.Version) is Qcow2ClusterKind.Unallocated or Qcow2ClusterKind.ZeroPlain)
        {
            count++;
        }

        EnsureL2Table(clusterIndex);
        var hostOffset = AllocateClusters(count);
        var bytes = (int)(count * clusterSize);
        HostFile.WriteData(_handle, data[..bytes], hostOffset);
        _fileLength = Math.Max(_fileLength, hostOffset + bytes);
        for (var i = 0; i < count; i++)
        {
            SetL2Entry(clusterIndex + i, (ulong)(hostOffset + i * clusterSize) | Qcow2Constants.FlagCopied);
        }

        return bytes;
    }

    /// <summary>Read-modify-write of one cluster into a newly allocated (or reused zero-allocated) host cluster.</summary>
    private void RewriteCluster(long clusterIndex, Qcow2L2Entry entry, Qcow2ClusterKind kind, int within, ReadOnlySpan<byte> data)
    {
        var clusterSize = (int)_geometry.ClusterSize;
        var clusterStart = clusterIndex << _geometry.ClusterBits;
        var buffer = _clusterBuffer ??= new byte[clusterSize];
        var valid = (int)Math.Min(clusterSize, Capacity - clusterStart);
        if (kind == Qcow2ClusterKind.ZeroAllocated || kind == Qcow2ClusterKind.ZeroPlain)
        {
            buffer.AsSpan().Clear();
        }
        else
        {
            ReadCore(clusterStart, buffer.AsSpan(0, valid));
            buffer.AsSpan(valid).Clear();
        }

        data.CopyTo(buffer.AsSpan(within));
        EnsureL2Table(clusterIndex);
        long hostOffset;
        if (kind == Qcow2ClusterKind.ZeroAllocated && entry.IsCopied)
        {
            hostOffset = entry.HostOffset;
            CheckDataCluster(hostOffset, clusterIndex, hostOffset);
        }
        else
        {
            ReleaseCluster(entry, kind);
            hostOffset = AllocateClusters(1);
        }

        RandomAccess.Write(_handle, buffer, hostOffset);
        _fileLength = Math.Max(_fileLength, hostOffset + clusterSize);
        SetL2Entry(clusterIndex, (ulong)hostOffset | Qcow2Constants.FlagCopied);
    }

    /// <inheritdoc />
    protected override void WriteZeroesCore(long offset, long length)
    {
        BeginModification();
        var clusterSize = _geometry.ClusterSize;
        var end = offset + length;
        while (offset < end)
        {
            var clusterIndex = offset >> _geometry.ClusterBits;
            var clusterStart = clusterIndex << _geometry.ClusterBits;
            var stop = Math.Min(end, clusterStart + clusterSize);
            var entry = GetL2Entry(clusterIndex);
            var kind = entry.Kind(_header.Version);
            var readsZero = kind is Qcow2ClusterKind.ZeroPlain or Qcow2ClusterKind.ZeroAllocated ||
                            (kind == Qcow2ClusterKind.Unallocated && Backing is null);
            var wholeCluster = offset == clusterStart && (stop == clusterStart + clusterSize || stop == Capacity);
            if (!readsZero)
            {
                if (wholeCluster && _header.Version >= 3)
                {
                    ReleaseCluster(entry, kind);
                    SetL2Entry(clusterIndex, Qcow2Constants.FlagZero);
                }
                else
                {
                    WriteCore(offset, new byte[stop - offset]);
                }
            }

            offset = stop;
        }
    }

    /// <summary>
    /// Stores an already compressed cluster (the convert engine's path). The guest cluster must not be allocated yet;
    /// compressed clusters are packed back to back and may share host clusters, each counted once per user.
    /// </summary>
    public void WriteCompressedCluster(long clusterIndex, ReadOnlySpan<byte> compressed)
    {
        BeginModification();
        EnsureL2Table(clusterIndex);
        var length = compressed.Length;
        var firstCluster = _compressedCursor >> _geometry.ClusterBits;
        var startsFresh = _compressedCursor == 0 || (_compressedCursor & (_geometry.ClusterSize - 1)) == 0 ||
                          GetRefcount(firstCluster) >= _geometry.MaxRefcount;
        if (startsFresh || _compressedCursor + length > _compressedRegionEnd)
        {
            if (!startsFresh && _compressedRegionEnd == _allocationEnd)
            {
                ReserveClusters(_geometry.ClustersFor(_compressedCursor + length - _compressedRegionEnd));
            }
            else
            {
                _compressedCursor = ReserveClusters(_geometry.ClustersFor(length));
            }

            _compressedRegionEnd = _allocationEnd;
        }

        var hostOffset = _compressedCursor;
        RandomAccess.Write(_handle, compressed, hostOffset);
        _fileLength = Math.Max(_fileLength, hostOffset + length);
        for (var cluster = hostOffset >> _geometry.ClusterBits; cluster <= (hostOffset + length - 1) >> _geometry.ClusterBits; cluster++)
        {
            AddRefcount(cluster, +1);
        }

        _compressedCursor = hostOffset + length;
        var previous = GetL2Entry(clusterIndex);
        ReleaseCluster(previous, previous.Kind(_header.Version));
        SetL2Entry(clusterIndex, _geometry.CompressedEntry(hostOffset, length));
    }

    private void ReleaseCluster(Qcow2L2Entry entry, Qcow2ClusterKind kind)
    {
        switch (kind)
        {
            case Qcow2ClusterKind.Normal:
            case Qcow2ClusterKind.ZeroAllocated:
                AddRefcount(entry.HostOffset >> _geometry.ClusterBits, -1);
                break;
            case Qcow2ClusterKind.Compressed:
                var (offset, length) = _geometry.CompressedRange(entry.Descriptor);
                var last = Math.Min(offset + length, _fileLength) - 1;
                for (var cluster = offset >> _geometry.ClusterBits; cluster <= last >> _geometry.ClusterBits; cluster++)
                {
                    AddRefcount(cluster, -1);
                }

                break;
        }
    }

    /// <summary>Makes sure the L2 table for a guest cluster exists, allocating an empty one if needed.</summary>
    private byte[] EnsureL2Table(long clusterIndex)
    {
        var l1Index = clusterIndex / _geometry.L2Entries;
        var offset = L2TableOffset(l1Index);
        if (offset != 0)
        {
            return LoadL2Table(offset);
        }

        offset = AllocateClusters(1);
        _l1[l1Index] = (ulong)offset | Qcow2Constants.FlagCopied;
        _l1Dirty = true;
        return _l2Cache.AddNew(offset);
    }

    private void SetL2Entry(long clusterIndex, ulong descriptor)
    {
        var table = EnsureL2Table(clusterIndex);
        var position = (int)(clusterIndex % _geometry.L2Entries) * _geometry.L2EntrySize;
        BinaryPrimitives.WriteUInt64BigEndian(table.AsSpan(position), descriptor);
        _l2Cache.MarkDirty(L2TableOffset(clusterIndex / _geometry.L2Entries));
    }

    /// <summary>Marks a v3 image dirty on the first change so that an interrupted run is repaired, not trusted.</summary>
    private void BeginModification()
    {
        if (_markedDirty || _header.Version < 3)
        {
            _markedDirty = true;
            return;
        }

        _markedDirty = true;
        _header = _header with { IncompatibleFeatures = _header.IncompatibleFeatures | Qcow2IncompatibleFeatures.Dirty };
        WriteHeaderFields();
    }

    /// <summary>Writes every cached metadata change, then the header (clearing the dirty bit last).</summary>
    public override void Flush()
    {
        if (!IsWritable || !_markedDirty)
        {
            return;
        }

        _l2Cache.FlushAll();
        _refcountCache.FlushAll();
        if (_refcountTableDirty)
        {
            WriteTable(_header.RefcountTableOffset, _refcountTable);
            _refcountTableDirty = false;
        }

        if (_l1Dirty)
        {
            WriteTable(_header.L1TableOffset, _l1);
            _l1Dirty = false;
        }

        _fileLength = Math.Max(_fileLength, RandomAccess.GetLength(_handle));
        if (_header.Version >= 3)
        {
            _header = _header with { IncompatibleFeatures = _header.IncompatibleFeatures & ~Qcow2IncompatibleFeatures.Dirty };
            _headerDirty = true;
        }

        if (_headerDirty)
        {
            WriteHeaderFields();
            _headerDirty = false;
        }

        _markedDirty = false;
    }

    WritePlacement IWriteLayout.Placement => WritePlacement.Appended;

    SafeFileHandle IWriteLayout.DataFile => _handle;

    long IWriteLayout.AppendOffset => _allocationEnd;

    void IWriteLayout.TrimToContent()
    {
        _fileLength = Math.Max(_fileLength, _allocationEnd);
        RandomAccess.SetLength(_handle, _fileLength);
    }

    /// <summary>Extends the file to cover every reserved cluster (used by metadata preallocation).</summary>
    internal void ExtendToAllocationEnd()
    {
        if (RandomAccess.GetLength(_handle) < _allocationEnd)
        {
            RandomAccess.SetLength(_handle, _allocationEnd);
        }

        _fileLength = Math.Max(_fileLength, _allocationEnd);
    }

    private void WriteTable(long offset, ulong[] table)
    {
        var bytes = new byte[table.Length * 8];
        for (var i = 0; i < table.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * 8), table[i]);
        }

        RandomAccess.Write(_handle, bytes, offset);
        _fileLength = Math.Max(_fileLength, offset + bytes.Length);
    }

    /// <summary>Patches only the fields this library changes, so unknown header fields survive.</summary>
    private void WriteHeaderFields()
    {
        BinaryPrimitives.WriteInt64BigEndian(_headerBytes.AsSpan(F.RefcountTableOffset), _header.RefcountTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(_headerBytes.AsSpan(F.RefcountTableClusters), _header.RefcountTableClusters);
        if (_header.Version >= 3)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_headerBytes.AsSpan(F.IncompatibleFeatures), (ulong)_header.IncompatibleFeatures);
        }

        RandomAccess.Write(_handle, _headerBytes, 0);
    }
}
