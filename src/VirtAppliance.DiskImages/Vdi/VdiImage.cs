using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages.Vdi;

/// <summary>A VDI image, dynamic or static. New blocks are appended; the block map and header are written on flush.</summary>
internal sealed class VdiImage : BlockMappedImage
{
    private readonly uint[] _blockMap;
    private VdiHeader _header;
    private bool _dirty;
    private uint _nextBlock;

    private VdiImage(string path, SafeFileHandle handle, bool writable, VdiHeader header, uint[] blockMap)
        : base(path, writable, handle)
    {
        _header = header;
        _blockMap = blockMap;
        _nextBlock = blockMap.Where(entry => entry < VdiConstants.BlockZero).Select(entry => entry + 1).DefaultIfEmpty(0u).Max();
    }

    public override DiskFormat Format => VdiFormat.Instance;

    public override long Capacity => _header.DiskSize;

    public bool IsStatic => _header.ImageType == VdiConstants.TypeStatic;

    public static VdiImage Open(string path, bool writable)
    {
        return HandleIo.Open(path, writable, handle =>
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
        });
    }

    /// <summary>Creates a dynamic (sparse) or static (every block allocated) image, laid out as QEMU lays it out.</summary>
    public static VdiImage Create(string path, long capacity, bool isStatic, ImageIdentity? identity = null)
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
            ImageUuid = (identity ?? ImageIdentity.Random).NewGuid("vdi.image"),
            LastSnapshotUuid = (identity ?? ImageIdentity.Random).NewGuid("vdi.last-snapshot"),
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

        RandomAccess.Write(Handle, mapBytes, _header.OffsetBlockMap);
        var header = new byte[VdiFieldLocations.HeaderEnd];
        _header.Write(header);
        RandomAccess.Write(Handle, header, 0);
        _dirty = false;
    }

    private protected override WritePlacement Placement => IsStatic ? WritePlacement.Unknown : WritePlacement.Appended;

    private protected override long AppendOffset => _header.OffsetData + (long)_nextBlock * _header.BlockSize;

    private protected override void TrimToContent() => RandomAccess.SetLength(Handle, AppendOffset);

    private protected override long BlockSize => _header.BlockSize;

    private protected override long BlockData(long block)
    {
        var entry = _blockMap[block];
        return entry >= VdiConstants.BlockZero ? -1 : _header.OffsetData + (long)entry * _header.BlockSize;
    }

    private protected override long AllocateBlock(long block)
    {
        var index = _nextBlock++;
        var host = _header.OffsetData + (long)index * _header.BlockSize;
        _blockMap[block] = index;
        _header = _header with { BlocksAllocated = _header.BlocksAllocated + 1 };
        _dirty = true;
        GrowTo(host + _header.BlockSize);
        return host;
    }
}
