using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages.Vdi;

/// <summary>A VDI image, dynamic or static. New blocks are appended; the block map and header are written on flush.</summary>
public sealed class VdiImage : DiskImage
{
    private readonly SafeFileHandle _handle;
    private readonly uint[] _blockMap;
    private VdiHeader _header;
    private bool _dirty;
    private uint _nextBlock;

    private VdiImage(string path, SafeFileHandle handle, bool writable, VdiHeader header, uint[] blockMap)
        : base(path, writable)
    {
        _handle = handle;
        _header = header;
        _blockMap = blockMap;
        _nextBlock = blockMap.Where(entry => entry < VdiConstants.BlockZero).Select(entry => entry + 1).DefaultIfEmpty(0u).Max();
    }

    public override DiskFormat Format => VdiFormat.Instance;

    public override long Capacity => _header.DiskSize;

    public bool IsStatic => _header.ImageType == VdiConstants.TypeStatic;

    public static VdiImage Open(string path, bool writable)
    {
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var headerBytes = new byte[(int)Math.Min(length, VdiFieldLocations.HeaderEnd)];
            RandomAccess.Read(handle, headerBytes, 0);
            var header = VdiHeader.Read(headerBytes, path, length);
            var mapBytes = new byte[header.BlocksInImage * 4L];
            RandomAccess.Read(handle, mapBytes, header.OffsetBlockMap);
            var map = new uint[header.BlocksInImage];
            for (var i = 0; i < map.Length; i++)
            {
                map[i] = BinaryPrimitives.ReadUInt32LittleEndian(mapBytes.AsSpan(i * 4));
                if (map[i] < VdiConstants.BlockZero && map[i] >= header.BlocksInImage)
                {
                    throw CorruptImage.Error(path, $"block map entry {i}", header.OffsetBlockMap + i * 4L, $"is {map[i]}, beyond the {header.BlocksInImage} blocks of the image");
                }
            }

            return new VdiImage(path, handle, writable, header, map);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Creates a dynamic (sparse) or static (every block allocated) image, laid out as QEMU lays it out.</summary>
    public static VdiImage Create(string path, long capacity, bool isStatic)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var blocks = (capacity + VdiConstants.DefaultBlockSize - 1) / VdiConstants.DefaultBlockSize;
        if (blocks > VdiConstants.MaxBlocks)
        {
            throw new ArgumentException($"a {capacity}-byte VDI image needs more blocks than the format allows");
        }

        var mapBytes = (blocks * 4 + VdiConstants.SectorSize - 1) / VdiConstants.SectorSize * VdiConstants.SectorSize;
        var header = new VdiHeader
        {
            ImageType = isStatic ? VdiConstants.TypeStatic : VdiConstants.TypeDynamic,
            OffsetBlockMap = VdiFieldLocations.HeaderEnd,
            OffsetData = (uint)(VdiFieldLocations.HeaderEnd + mapBytes),
            DiskSize = capacity,
            BlockSize = VdiConstants.DefaultBlockSize,
            BlocksInImage = (uint)blocks,
            BlocksAllocated = isStatic ? (uint)blocks : 0,
        };
        var map = new uint[blocks];
        for (var i = 0; i < blocks; i++)
        {
            map[i] = isStatic ? (uint)i : VdiConstants.BlockUnallocated;
        }

        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        var image = new VdiImage(path, handle, writable: true, header, map) { _dirty = true };
        RandomAccess.SetLength(handle, header.OffsetData + (isStatic ? blocks * (long)VdiConstants.DefaultBlockSize : 0));
        image.Flush();
        return image;
    }

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        foreach (var (position, length, host) in Runs(offset, buffer.Length))
        {
            var target = buffer.Slice((int)(position - offset), length);
            if (host < 0)
            {
                target.Clear();
                continue;
            }

            var read = 0;
            while (read < length)
            {
                var count = RandomAccess.Read(_handle, target[read..], host + read);
                if (count == 0)
                {
                    target[read..].Clear();
                    break;
                }

                read += count;
            }
        }
    }

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
    {
        var blockSize = _header.BlockSize;
        while (!data.IsEmpty)
        {
            var block = offset / blockSize;
            var within = offset % blockSize;
            var count = (int)Math.Min(data.Length, blockSize - within);
            var host = BlockOffset(block);
            if (host < 0)
            {
                host = AllocateBlock(block);
            }

            RandomAccess.Write(_handle, data[..count], host + within);
            data = data[count..];
            offset += count;
        }
    }

    protected override void WriteZeroesCore(long offset, long length)
    {
        var zeros = new byte[Math.Min(length, _header.BlockSize)];
        foreach (var (position, count, host) in Runs(offset, length))
        {
            if (host >= 0)
            {
                for (var done = 0L; done < count; done += zeros.Length)
                {
                    RandomAccess.Write(_handle, zeros.AsSpan(0, (int)Math.Min(zeros.Length, count - done)), host + done);
                }
            }
        }
    }

    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length) =>
        ExtentMerger.Coalesce(Runs(offset, length).Select(run => run.Host < 0
            ? new Extent(run.Offset, run.Length, ExtentKind.Zero)
            : new Extent(run.Offset, run.Length, ExtentKind.Data, HostOffset: run.Host)));

    public override void Flush()
    {
        if (!IsWritable || !_dirty)
        {
            return;
        }

        var mapBytes = new byte[_blockMap.Length * 4];
        for (var i = 0; i < _blockMap.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(mapBytes.AsSpan(i * 4), _blockMap[i]);
        }

        RandomAccess.Write(_handle, mapBytes, _header.OffsetBlockMap);
        var header = new byte[VdiFieldLocations.HeaderEnd];
        _header.Write(header);
        RandomAccess.Write(_handle, header, 0);
        _dirty = false;
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            Flush();
        }
        finally
        {
            _handle.Dispose();
        }
    }

    /// <summary>Runs within one block each: guest offset, length, and the host offset (−1 for unallocated or zero blocks).</summary>
    private IEnumerable<(long Offset, int Length, long Host)> Runs(long offset, long length)
    {
        var end = offset + length;
        var blockSize = _header.BlockSize;
        while (offset < end)
        {
            var block = offset / blockSize;
            var within = offset % blockSize;
            var count = (int)Math.Min(end - offset, blockSize - within);
            var host = BlockOffset(block);
            yield return (offset, count, host < 0 ? -1 : host + within);
            offset += count;
        }
    }

    private long BlockOffset(long block)
    {
        var entry = _blockMap[block];
        return entry >= VdiConstants.BlockZero ? -1 : _header.OffsetData + (long)entry * _header.BlockSize;
    }

    private long AllocateBlock(long block)
    {
        var index = _nextBlock++;
        var host = _header.OffsetData + (long)index * _header.BlockSize;
        _blockMap[block] = index;
        _header = _header with { BlocksAllocated = _header.BlocksAllocated + 1 };
        _dirty = true;
        if (RandomAccess.GetLength(_handle) < host + _header.BlockSize)
        {
            RandomAccess.SetLength(_handle, host + _header.BlockSize);
        }

        return host;
    }
}
