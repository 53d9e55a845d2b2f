using System.Buffers.Binary;
using VirtAppliance.DiskImages.Inspection;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>
/// Recounts every reference the metadata makes (header, L1/L2, refcount structures, snapshots, bitmaps), compares
/// with the stored refcounts and the COPIED flags, and reports corruptions and leaks as qemu-img check does.
/// </summary>
internal sealed class Qcow2Checker
{
    private const long MaxBeyondEndScan = 64L << 20;
    private const int BitmapDirectoryEntryFixedSize = 24;
    private const ulong BitmapTableOffsetMask = 0x00fffffffffffe00UL;

    private readonly Qcow2Image _image;
    private readonly Qcow2Geometry _geometry;
    private readonly ReferenceCounter _counter;
    private long _allocated;
    private long _compressed;
    private long _fragmented;
    private long _previousHostOffset = -1;

    private Qcow2Checker(Qcow2Image image)
    {
        _image = image;
        _geometry = image.Geometry;
        _counter = new ReferenceCounter(image.FileLength, _geometry.ClusterBits, image.FilePath);
    }

    public static ImageCheckResult Check(Qcow2Image image)
    {
        var checker = new Qcow2Checker(image);
        return checker.Run();
    }

    private ImageCheckResult Run()
    {
        var header = _image.Header;
        var clusterSize = _geometry.ClusterSize;
        _counter.Reference(0, clusterSize, "header");
        _counter.Reference(header.L1TableOffset, header.L1Size * 8L, "L1 table");
        CountL1(_image.L1Table, header.L1TableOffset, active: true, "active");
        _counter.Reference(header.RefcountTableOffset, (long)header.RefcountTableClusters << _geometry.ClusterBits, "refcount table");
        CountRefcountBlocks();
        CountSnapshots();
        CountBitmaps();
        CompareRefcounts();
        CheckCopiedFlags();
        return new ImageCheckResult
        {
            Filename = _image.FilePath,
            Format = "qcow2",
            Corruptions = _counter.Corruptions,
            Leaks = _counter.Leaks,
            TotalClusters = _geometry.ClustersFor(_image.Capacity),
            AllocatedClusters = _allocated,
            CompressedClusters = _compressed,
            FragmentedClusters = _fragmented,
            ImageEndOffset = ImageEnd(),
            Problems = _counter.Problems,
        };
    }

    private void CountL1(IReadOnlyList<ulong> l1, long l1Offset, bool active, string which)
    {
        for (var i = 0; i < l1.Count; i++)
        {
            var entry = l1[i];
            if ((entry & Qcow2Constants.L1ReservedMask) != 0)
            {
                _counter.Corrupt($"{which} L1 entry {i} (at {l1Offset + i * 8}) has reserved bits set: 0x{entry:x16}");
            }

            var l2Offset = (long)(entry & Qcow2Constants.L1OffsetMask);
            if (l2Offset == 0)
            {
                continue;
            }

            if ((l2Offset & (_geometry.ClusterSize - 1)) != 0)
            {
                _counter.Corrupt($"{which} L1 entry {i} points to an unaligned L2 table at {l2Offset}");
                continue;
            }

            if (!_counter.Reference(l2Offset, _geometry.ClusterSize, $"L2 table of {which} L1 entry {i}") ||
                l2Offset > _image.FileLength - _geometry.ClusterSize)
            {
                continue;
            }

            CountL2(ReadCluster(l2Offset), (long)i * _geometry.L2Entries, active);
        }
    }

    private void CountL2(byte[] table, long firstCluster, bool active)
    {
        for (var j = 0; j < _geometry.L2Entries; j++)
        {
            var descriptor = BinaryPrimitives.ReadUInt64BigEndian(table.AsSpan(j * _geometry.L2EntrySize));
            var bitmap = _geometry.ExtendedL2 ? BinaryPrimitives.ReadUInt64BigEndian(table.AsSpan(j * _geometry.L2EntrySize + 8)) : 0;
            var entry = new Qcow2L2Entry(descriptor, bitmap);
            var guestOffset = (firstCluster + j) << _geometry.ClusterBits;
            if (entry.IsCompressed)
            {
                if (entry.IsCopied)
                {
                    _counter.Corrupt($"compressed cluster for guest offset {guestOffset} has the COPIED flag set");
                }

                var (offset, length) = _geometry.CompressedRange(descriptor);
                _counter.Reference(offset, Math.Min(length, Math.Max(1, _image.FileLength - offset)), $"compressed data for guest offset {guestOffset}");
                if (active)
                {
                    _compressed++;
                    _allocated++;
                }

                continue;
            }

            if ((descriptor & Qcow2Constants.L2StandardReservedMask) != 0)
            {
                _counter.Corrupt($"L2 entry for guest offset {guestOffset} has reserved bits set: 0x{descriptor:x16}");
            }

            var hostOffset = entry.HostOffset;
            if (hostOffset == 0)
            {
                continue;
            }

            if ((hostOffset & (_geometry.ClusterSize - 1)) != 0)
            {
                _counter.Corrupt($"L2 entry for guest offset {guestOffset} points to an unaligned data cluster at {hostOffset}");
                continue;
            }

            // QEMU leaves a last subclustered data cluster only partly written; only its start must lie in the file.
            _counter.Reference(hostOffset, Math.Min(_geometry.ClusterSize, Math.Max(1, _image.FileLength - hostOffset)), $"data cluster for guest offset {guestOffset}");
            if (active)
            {
                _allocated++;
                if (_previousHostOffset >= 0 && hostOffset != _previousHostOffset + _geometry.ClusterSize)
                {
                    _fragmented++;
                }

                _previousHostOffset = hostOffset;
            }
        }
    }

    private void CountRefcountBlocks()
    {
        var table = _image.RefcountTable;
        for (var i = 0; i < table.Count; i++)
        {
            if ((table[i] & Qcow2Constants.RefcountTableReservedMask) != 0)
            {
                _counter.Corrupt($"refcount table entry {i} has reserved bits set: 0x{table[i]:x16}");
            }

            var offset = (long)(table[i] & Qcow2Constants.RefcountTableOffsetMask);
            if (offset == 0)
            {
                continue;
            }

            if (offset < 0 || (offset & (_geometry.ClusterSize - 1)) != 0)
            {
                _counter.Corrupt($"refcount table entry {i} points to an unaligned or impossible refcount block offset {offset}");
                continue;
            }

            _counter.Reference(offset, _geometry.ClusterSize, $"refcount block {i}");
        }
    }

    private void CountSnapshots()
    {
        if (_image.Header.NbSnapshots == 0)
        {
            return;
        }

        var (snapshots, tableBytes) = Qcow2Snapshot.ReadTable(_image);
        _counter.Reference(_image.Header.SnapshotsOffset, tableBytes, "snapshot table");
        foreach (var snapshot in snapshots)
        {
            var l1Bytes = snapshot.L1Size * 8L;
            if ((snapshot.L1TableOffset & (_geometry.ClusterSize - 1)) != 0 || l1Bytes > Qcow2Constants.MaxL1TableBytes ||
                !_counter.Reference(snapshot.L1TableOffset, l1Bytes, $"L1 table of snapshot '{snapshot.Name}'") ||
                snapshot.L1TableOffset + l1Bytes > _image.FileLength)
            {
                _counter.Corrupt($"snapshot '{snapshot.Name}' has an unusable L1 table ({snapshot.L1Size} entries at {snapshot.L1TableOffset})");
                continue;
            }

            var l1 = Qcow2Image.ReadTable(_image.Handle, snapshot.L1TableOffset, (int)snapshot.L1Size, _image.FilePath, "snapshot L1 table");
            CountL1(l1, snapshot.L1TableOffset, active: false, $"snapshot '{snapshot.Name}'");
        }
    }

    private void CountBitmaps()
    {
        if (_image.Extensions.Bitmaps is not { } bitmaps || bitmaps.DirectorySize <= 0)
        {
            return;
        }

        if (bitmaps.DirectorySize > 64L << 20 || !_counter.Reference(bitmaps.DirectoryOffset, bitmaps.DirectorySize, "bitmap directory") ||
            bitmaps.DirectoryOffset + bitmaps.DirectorySize > _image.FileLength)
        {
            return;
        }

        var directory = new byte[bitmaps.DirectorySize];
        Qcow2Image.ReadExactly(_image.Handle, directory, bitmaps.DirectoryOffset, _image.FilePath, "bitmap directory");
        var position = 0;
        for (var i = 0; i < bitmaps.Count && position + BitmapDirectoryEntryFixedSize <= directory.Length; i++)
        {
            var entry = directory.AsSpan(position);
            var tableOffset = BinaryPrimitives.ReadInt64BigEndian(entry);
            var tableSize = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            var nameSize = BinaryPrimitives.ReadUInt16BigEndian(entry[18..]);
            var extraSize = BinaryPrimitives.ReadUInt32BigEndian(entry[20..]);
            CountBitmapTable(tableOffset, tableSize, i);
            position += (int)((BitmapDirectoryEntryFixedSize + extraSize + nameSize + 7) & ~7u);
        }
    }

    private void CountBitmapTable(long tableOffset, uint tableSize, int index)
    {
        var bytes = tableSize * 8L;
        if (bytes > Qcow2Constants.MaxL1TableBytes || !_counter.Reference(tableOffset, bytes, $"bitmap {index} table") ||
            tableOffset + bytes > _image.FileLength)
        {
            return;
        }

        foreach (var entry in Qcow2Image.ReadTable(_image.Handle, tableOffset, (int)tableSize, _image.FilePath, "bitmap table"))
        {
            var offset = (long)(entry & BitmapTableOffsetMask);
            if (offset != 0)
            {
                _counter.Reference(offset, _geometry.ClusterSize, $"bitmap {index} data");
            }
        }
    }

    private void CompareRefcounts()
    {
        for (var cluster = 0L; cluster < _counter.Clusters; cluster++)
        {
            var stored = StoredRefcount(cluster);
            var expected = (ulong)_counter[cluster];
            if (stored < expected)
            {
                _counter.Corrupt($"cluster {cluster} (offset {cluster << _geometry.ClusterBits}) refcount={stored} reference={expected}");
            }
            else if (stored > expected)
            {
                _counter.Leak($"cluster {cluster} (offset {cluster << _geometry.ClusterBits}) refcount={stored} reference={expected}");
            }
        }

        var coveredEnd = Math.Min((long)_image.RefcountTable.Count * _geometry.RefcountBlockEntries, _counter.Clusters + MaxBeyondEndScan);
        for (var cluster = _counter.Clusters; cluster < coveredEnd; cluster++)
        {
            var tableIndex = cluster / _geometry.RefcountBlockEntries;
            if (BlockOffset(tableIndex) == 0)
            {
                cluster = (tableIndex + 1) * _geometry.RefcountBlockEntries - 1;
                continue;
            }

            var stored = StoredRefcount(cluster);
            if (stored > 0)
            {
                _counter.Leak($"cluster {cluster} beyond the end of the file refcount={stored} reference=0");
            }
        }
    }

    private void CheckCopiedFlags()
    {
        var l1 = _image.L1Table;
        for (var i = 0; i < l1.Count; i++)
        {
            var l2Offset = (long)(l1[i] & Qcow2Constants.L1OffsetMask);
            if (l2Offset == 0 || (l2Offset & (_geometry.ClusterSize - 1)) != 0 || l2Offset > _image.FileLength - _geometry.ClusterSize)
            {
                continue;
            }

            var copied = (l1[i] & Qcow2Constants.FlagCopied) != 0;
            if (copied != (StoredRefcount(l2Offset >> _geometry.ClusterBits) == 1))
            {
                _counter.Corrupt($"OFLAG_COPIED L2 table at {l2Offset} (L1 entry {i}): COPIED={copied}, refcount={StoredRefcount(l2Offset >> _geometry.ClusterBits)}");
            }

            var table = ReadCluster(l2Offset);
            for (var j = 0; j < _geometry.L2Entries; j++)
            {
                var entry = new Qcow2L2Entry(BinaryPrimitives.ReadUInt64BigEndian(table.AsSpan(j * _geometry.L2EntrySize)), 0);
                if (entry.IsCompressed || entry.HostOffset == 0 || (entry.HostOffset & (_geometry.ClusterSize - 1)) != 0 ||
                    entry.HostOffset >= _image.FileLength)
                {
                    continue;
                }

                var refcount = StoredRefcount(entry.HostOffset >> _geometry.ClusterBits);
                if (entry.IsCopied != (refcount == 1))
                {
                    _counter.Corrupt($"OFLAG_COPIED data cluster at {entry.HostOffset} (guest offset {((long)i * _geometry.L2Entries + j) << _geometry.ClusterBits}): COPIED={entry.IsCopied}, refcount={refcount}");
                }
            }
        }
    }

    private ulong StoredRefcount(long cluster)
    {
        var tableIndex = cluster / _geometry.RefcountBlockEntries;
        var blockOffset = BlockOffset(tableIndex);
        if (blockOffset == 0)
        {
            return 0;
        }

        return _image.GetRefcount(cluster);
    }

    /// <summary>The refcount block offset for a table index, or 0 when absent or unusable (already reported).</summary>
    private long BlockOffset(long tableIndex)
    {
        if (tableIndex >= _image.RefcountTable.Count)
        {
            return 0;
        }

        var offset = (long)(_image.RefcountTable[(int)tableIndex] & Qcow2Constants.RefcountTableOffsetMask);
        var usable = offset > 0 && (offset & (_geometry.ClusterSize - 1)) == 0 && offset <= _image.FileLength - _geometry.ClusterSize;
        return usable ? offset : 0;
    }

    private long ImageEnd()
    {
        for (var cluster = _counter.Clusters - 1; cluster >= 0; cluster--)
        {
            if (_counter[cluster] > 0)
            {
                return Math.Min(_image.FileLength, (cluster + 1) << _geometry.ClusterBits);
            }
        }

        return 0;
    }

    private byte[] ReadCluster(long offset)
    {
        var data = new byte[_geometry.ClusterSize];
        Qcow2Image.ReadExactly(_image.Handle, data, offset, _image.FilePath, "metadata cluster");
        return data;
    }
}
