using System.Buffers.Binary;
using System.Text;
using F = VirtAppliance.DiskImages.Vdi.VdiFieldLocations;

namespace VirtAppliance.DiskImages.Vdi;

/// <summary>The VDI 1.1 header fields this library reads and writes.</summary>
internal sealed record VdiHeader
{
    public required uint ImageType { get; init; }
    public required uint OffsetBlockMap { get; init; }
    public required uint OffsetData { get; init; }
    public required long DiskSize { get; init; }
    public required uint BlockSize { get; init; }
    public uint BlockExtra { get; init; }
    public required uint BlocksInImage { get; init; }
    public uint BlocksAllocated { get; init; }
    public Guid ImageUuid { get; init; } = Guid.NewGuid();
    public Guid ParentUuid { get; init; }

    /// <summary>A fresh id at creation (as QEMU writes it), kept as read afterwards.</summary>
    public Guid LastSnapshotUuid { get; init; } = Guid.NewGuid();

    public static VdiHeader Read(ReadOnlySpan<byte> data, string path, long fileLength)
    {
        if (data.Length < F.HeaderEnd)
        {
            throw CorruptImage.Error(path, "VDI header", 0, $"is truncated: the file has {data.Length} bytes, the header needs {F.HeaderEnd}");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(data[F.Signature..]) != VdiConstants.Signature)
        {
            throw CorruptImage.Error(path, "signature", F.Signature, "is not 0xbeda107f");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(data[F.Version..]);
        if (version >> 16 != 1)
        {
            throw new NotSupportedException($"{path}: VDI version {version >> 16}.{version & 0xffff} is not supported (only 1.x)");
        }

        var header = new VdiHeader
        {
            ImageType = BinaryPrimitives.ReadUInt32LittleEndian(data[F.ImageType..]),
            OffsetBlockMap = BinaryPrimitives.ReadUInt32LittleEndian(data[F.OffsetBlockMap..]),
            OffsetData = BinaryPrimitives.ReadUInt32LittleEndian(data[F.OffsetData..]),
            DiskSize = BinaryPrimitives.ReadInt64LittleEndian(data[F.DiskSize..]),
            BlockSize = BinaryPrimitives.ReadUInt32LittleEndian(data[F.BlockSize..]),
            BlockExtra = BinaryPrimitives.ReadUInt32LittleEndian(data[F.BlockExtra..]),
            BlocksInImage = BinaryPrimitives.ReadUInt32LittleEndian(data[F.BlocksInImage..]),
            BlocksAllocated = BinaryPrimitives.ReadUInt32LittleEndian(data[F.BlocksAllocated..]),
            ImageUuid = new Guid(data.Slice(F.UuidImage, 16)),
            ParentUuid = new Guid(data.Slice(F.UuidParent, 16)),
            LastSnapshotUuid = new Guid(data.Slice(F.UuidLastSnapshot, 16)),
        };
        header.Validate(path, fileLength);
        return header;
    }

    public void Write(Span<byte> destination)
    {
        destination[..F.HeaderEnd].Clear();
        Encoding.ASCII.GetBytes(VdiConstants.Text).CopyTo(destination[F.Text..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.Signature..], VdiConstants.Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.Version..], VdiConstants.Version11);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.HeaderSize..], VdiConstants.HeaderSizeV11);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.ImageType..], ImageType);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.OffsetBlockMap..], OffsetBlockMap);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.OffsetData..], OffsetData);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.SectorSize..], VdiConstants.SectorSize);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.DiskSize..], DiskSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.BlockSize..], BlockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.BlockExtra..], BlockExtra);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.BlocksInImage..], BlocksInImage);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.BlocksAllocated..], BlocksAllocated);
        ImageUuid.TryWriteBytes(destination.Slice(F.UuidImage, 16));
        LastSnapshotUuid.TryWriteBytes(destination.Slice(F.UuidLastSnapshot, 16));
        ParentUuid.TryWriteBytes(destination.Slice(F.UuidParent, 16));
    }

    private void Validate(string path, long fileLength)
    {
        if (ImageType is not (VdiConstants.TypeDynamic or VdiConstants.TypeStatic))
        {
            throw new NotSupportedException($"{path}: VDI image type {ImageType} (undo or differencing) is not supported; only dynamic and static");
        }

        if (BlockSize == 0 || BlockSize % VdiConstants.SectorSize != 0 || BlockSize > (256u << 20) || BlockExtra != 0)
        {
            throw CorruptImage.Error(path, "block_size", F.BlockSize, $"is {BlockSize} (extra {BlockExtra}); blocks must be a multiple of 512 bytes with no extra data");
        }

        if (DiskSize < 0 || BlocksInImage > VdiConstants.MaxBlocks || (long)BlocksInImage * BlockSize < DiskSize)
        {
            throw CorruptImage.Error(path, "blocks_in_image", F.BlocksInImage, $"is {BlocksInImage}; {BlocksInImage} blocks of {BlockSize} bytes cannot hold the {DiskSize}-byte disk");
        }

        if (OffsetBlockMap < F.HeaderEnd || (long)OffsetBlockMap + BlocksInImage * 4L > fileLength)
        {
            throw CorruptImage.Error(path, "offset_bmap", F.OffsetBlockMap, $"is {OffsetBlockMap}; the {BlocksInImage}-entry block map must lie after the header and inside the {fileLength}-byte file");
        }

        if (OffsetData < OffsetBlockMap + BlocksInImage * 4L)
        {
            throw CorruptImage.Error(path, "offset_data", F.OffsetData, $"is {OffsetData}, inside the block map");
        }
    }
}
