using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using VirtAppliance.DiskImages.Compression;
using F = VirtAppliance.DiskImages.Vmdk.VmdkFieldLocations;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>One hosted sparse extent file: grain directory → grain tables → grains (plain or compressed with markers).</summary>
internal sealed class VmdkSparseExtent : IDisposable
{
    private const int GrainTableCacheEntries = 256;

    private readonly SafeFileHandle _handle;
    private readonly string _path;
    private readonly uint[] _directory;
    private readonly uint[]? _redundantDirectory;
    private readonly Dictionary<long, uint[]> _tables = [];
    private readonly HashSet<long> _dirtyTables = [];
    private long _fileLength;
    private byte[]? _grainBuffer;
    private byte[]? _compressedBuffer;
    private long _cachedGrain = -1;

    private VmdkSparseExtent(SafeFileHandle handle, string path, VmdkSparseHeader header, uint[] directory, uint[]? redundant, long fileLength)
    {
        _handle = handle;
        _path = path;
        Header = header;
        _directory = directory;
        _redundantDirectory = redundant;
        _fileLength = fileLength;
    }

    public VmdkSparseHeader Header { get; }

    public long CapacityBytes => Header.CapacitySectors * VmdkConstants.SectorSize;

    public SafeFileHandle Handle => _handle;

    public static VmdkSparseExtent Open(SafeFileHandle handle, string path)
    {
        var length = RandomAccess.GetLength(handle);
        var bytes = new byte[F.HeaderSize];
        if (length < F.HeaderSize || RandomAccess.Read(handle, bytes, 0) < F.HeaderSize)
        {
            throw CorruptImage.Error(path, "VMDK sparse header", 0, "is truncated");
        }

        var header = VmdkSparseHeader.Read(bytes, path, 0);
        if (header.GdOffset == VmdkConstants.GdAtEnd)
        {
            if (length < 3 * F.HeaderSize)
            {
                throw CorruptImage.Error(path, "VMDK footer", length, "is missing: the stream ends before it (the file is cut short)");
            }

            RandomAccess.Read(handle, bytes, length - 2 * F.HeaderSize);
            if (!VmdkSparseHeader.HasMagic(bytes))
            {
                throw CorruptImage.Error(path, "VMDK footer", length - 2 * F.HeaderSize, "is missing: the stream-optimized file is cut short or was never finished");
            }

            header = VmdkSparseHeader.Read(bytes, path, length - 2 * F.HeaderSize);
        }

        if (header.IsCompressed && !header.HasMarkers)
        {
            throw new NotSupportedException($"{path}: compressed VMDK grains without markers are not supported");
        }

        var directory = ReadDirectory(handle, path, (long)header.GdOffset, header, length, "grain directory");
        var redundant = (header.Flags & VmdkConstants.FlagRedundantGrainTable) != 0 && header.RgdOffset > 0
            ? ReadDirectory(handle, path, header.RgdOffset, header, length, "redundant grain directory")
            : null;
        return new VmdkSparseExtent(handle, path, header, directory, redundant, length);
    }

    /// <summary>Reads bytes of one grain (within + buffer.Length must stay inside it).</summary>
    public void ReadGrain(long grain, long within, Span<byte> buffer, out bool allocated)
    {
        var entry = GrainEntry(grain);
        allocated = entry > VmdkConstants.GteZeroed || (entry == VmdkConstants.GteZeroed && !HasZeroedEntries);
        if (entry == 0 || (entry == VmdkConstants.GteZeroed && HasZeroedEntries))
        {
            buffer.Clear();
            return;
        }

        var offset = (long)entry * VmdkConstants.SectorSize;
        if (Header.IsCompressed)
        {
            DecompressGrain(grain, offset).AsSpan((int)within, buffer.Length).CopyTo(buffer);
            return;
        }

        if (offset + within >= _fileLength)
        {
            throw CorruptImage.Error(_path, $"grain table entry for grain {grain}", offset, $"points past the end of the {_fileLength}-byte file");
        }

        HandleIo.ReadZeroFilled(_handle, buffer, offset + within);
    }

    /// <summary>0 unallocated, 1 zeroed (with the zeroed-GTE flag), else the grain's sector.</summary>
    public uint GrainEntry(long grain)
    {
        var tableIndex = grain / Header.GtesPerGt;
        if (tableIndex >= _directory.Length || _directory[tableIndex] == 0)
        {
            return 0;
        }

        return Table(tableIndex)[grain % Header.GtesPerGt];
    }

    public bool HasZeroedEntries => (Header.Flags & VmdkConstants.FlagZeroedGrainTableEntry) != 0;

    /// <summary>Writes a whole grain at the end of the file and points the grain tables (and redundant ones) at it.</summary>
    public void WriteNewGrain(long grain, ReadOnlySpan<byte> data)
    {
        var tableIndex = grain / Header.GtesPerGt;
        if (_directory[tableIndex] == 0)
        {
            throw new NotSupportedException($"{_path}: writing where the VMDK has no grain table is not supported");
        }

        var sector = (_fileLength + VmdkConstants.SectorSize - 1) / VmdkConstants.SectorSize;
        RandomAccess.Write(_handle, data, sector * VmdkConstants.SectorSize);
        _fileLength = sector * VmdkConstants.SectorSize + data.Length;
        Table(tableIndex)[grain % Header.GtesPerGt] = (uint)sector;
        _dirtyTables.Add(tableIndex);
        _cachedGrain = -1;
    }

    public void WriteInPlace(long grain, long within, ReadOnlySpan<byte> data) =>
        RandomAccess.Write(_handle, data, (long)GrainEntry(grain) * VmdkConstants.SectorSize + within);

    public void Flush()
    {
        foreach (var tableIndex in _dirtyTables)
        {
            var bytes = new byte[Header.GtesPerGt * 4];
            var table = _tables[tableIndex];
            for (var i = 0; i < table.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), table[i]);
            }

            RandomAccess.Write(_handle, bytes, (long)_directory[tableIndex] * VmdkConstants.SectorSize);
            if (_redundantDirectory is not null && _redundantDirectory[tableIndex] != 0)
            {
                RandomAccess.Write(_handle, bytes, (long)_redundantDirectory[tableIndex] * VmdkConstants.SectorSize);
            }
        }

        _dirtyTables.Clear();
    }

    public void Dispose() => _handle.Dispose();

    private uint[] Table(long tableIndex)
    {
        if (_tables.TryGetValue(tableIndex, out var cached))
        {
            return cached;
        }

        if (_tables.Count >= GrainTableCacheEntries && _dirtyTables.Count == 0)
        {
            _tables.Clear();
        }

        var offset = (long)_directory[tableIndex] * VmdkConstants.SectorSize;
        var bytes = new byte[Header.GtesPerGt * 4];
        if (offset + bytes.Length > _fileLength)
        {
            throw CorruptImage.Error(_path, $"grain directory entry {tableIndex}", (long)Header.GdOffset * VmdkConstants.SectorSize + tableIndex * 4,
                $"points to a grain table at {offset}, past the end of the {_fileLength}-byte file");
        }

        RandomAccess.Read(_handle, bytes, offset);
        var table = new uint[Header.GtesPerGt];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        _tables[tableIndex] = table;
        return table;
    }

    private byte[] DecompressGrain(long grain, long offset)
    {
        var grainBytes = (int)Header.GrainBytes;
        var output = _grainBuffer ??= new byte[grainBytes];
        if (_cachedGrain == grain)
        {
            return output;
        }

        var markerHeader = new byte[F.GrainMarkerData];
        if (offset + markerHeader.Length > _fileLength || RandomAccess.Read(_handle, markerHeader, offset) < markerHeader.Length)
        {
            throw CorruptImage.Error(_path, $"grain marker for grain {grain}", offset, "lies past the end of the file (the stream is cut short)");
        }

        var lba = BinaryPrimitives.ReadInt64LittleEndian(markerHeader);
        var size = BinaryPrimitives.ReadInt32LittleEndian(markerHeader.AsSpan(F.MarkerSize));
        if (lba != grain * Header.GrainSectors || size <= 0 || size > ZlibFramedCodec.MaxCompressedLength(grainBytes) || offset + F.GrainMarkerData + size > _fileLength)
        {
            throw CorruptImage.Error(_path, $"grain marker for grain {grain}", offset, $"says sector {lba} and {size} bytes, which does not match the grain or lies past the end of the file");
        }

        var compressed = _compressedBuffer is { } existing && existing.Length >= size ? existing : _compressedBuffer = new byte[size];
        RandomAccess.Read(_handle, compressed.AsSpan(0, size), offset + F.GrainMarkerData);
        if (!ClusterCodec.ZlibFramed.TryDecompress(compressed.AsSpan(0, size), output))
        {
            var tail = (int)Math.Min(grainBytes, CapacityBytes - grain * Header.GrainBytes);
            if (tail >= grainBytes || !TryDecompressShort(compressed.AsSpan(0, size), output, tail))
            {
                throw CorruptImage.Error(_path, $"compressed grain {grain}", offset, "does not decompress");
            }
        }

        _cachedGrain = grain;
        return output;
    }

    /// <summary>The last grain of a disk whose size is not a whole number of grains may hold only the remainder.</summary>
    private static bool TryDecompressShort(ReadOnlySpan<byte> compressed, byte[] output, int length)
    {
        output.AsSpan().Clear();
        return ClusterCodec.ZlibFramed.TryDecompress(compressed, output.AsSpan(0, length));
    }

    private static uint[] ReadDirectory(SafeFileHandle handle, string path, long sector, VmdkSparseHeader header, long fileLength, string what)
    {
        var entries = header.GrainTables;
        var offset = sector * VmdkConstants.SectorSize;
        if (sector <= 0 || entries > int.MaxValue / 4 || offset + entries * 4 > fileLength)
        {
            throw CorruptImage.Error(path, $"VMDK {what}", offset, $"({entries} entries at sector {sector}) lies outside the {fileLength}-byte file");
        }

        var bytes = new byte[entries * 4];
        RandomAccess.Read(handle, bytes, offset);
        var directory = new uint[entries];
        for (var i = 0; i < entries; i++)
        {
            directory[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
            if ((long)directory[i] * VmdkConstants.SectorSize >= fileLength && directory[i] != 0)
            {
                throw CorruptImage.Error(path, $"VMDK {what} entry {i}", offset + i * 4, $"points to sector {directory[i]}, past the end of the {fileLength}-byte file");
            }
        }

        return directory;
    }
}
