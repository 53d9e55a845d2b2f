using System.Buffers.Binary;
using F = VirtAppliance.DiskImages.Vmdk.VmdkFieldLocations;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>The sparse extent header (monolithicSparse, streamOptimized, twoGbMaxExtentSparse extents).</summary>
internal sealed record VmdkSparseHeader
{
    public uint Version { get; init; } = 1;
    public uint Flags { get; init; } = VmdkConstants.FlagNewlineTest | VmdkConstants.FlagRedundantGrainTable;
    public required long CapacitySectors { get; init; }
    public long GrainSectors { get; init; } = VmdkConstants.DefaultGrainSectors;
    public long DescriptorOffset { get; init; }
    public long DescriptorSize { get; init; }
    public int GtesPerGt { get; init; } = VmdkConstants.GtesPerGt;
    public long RgdOffset { get; init; }
    public ulong GdOffset { get; init; }
    public long OverHead { get; init; }
    public ushort CompressAlgorithm { get; init; }

    public bool IsCompressed => (Flags & VmdkConstants.FlagCompressed) != 0;

    public bool HasMarkers => (Flags & VmdkConstants.FlagMarkers) != 0;

    public long GrainBytes => GrainSectors * VmdkConstants.SectorSize;

    public long Grains => (CapacitySectors + GrainSectors - 1) / GrainSectors;

    public long GrainTables => (Grains + GtesPerGt - 1) / GtesPerGt;

    public static bool HasMagic(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(data) == VmdkConstants.Magic;

    public static VmdkSparseHeader Read(ReadOnlySpan<byte> data, string path, long position)
    {
        if (data.Length < F.HeaderSize || !HasMagic(data))
        {
            throw CorruptImage.Error(path, "VMDK sparse header", position, "is truncated or lacks the KDMV magic");
        }

        var header = new VmdkSparseHeader
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(data[F.Version..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(data[F.Flags..]),
            CapacitySectors = BinaryPrimitives.ReadInt64LittleEndian(data[F.Capacity..]),
            GrainSectors = BinaryPrimitives.ReadInt64LittleEndian(data[F.GrainSize..]),
            DescriptorOffset = BinaryPrimitives.ReadInt64LittleEndian(data[F.DescriptorOffset..]),
            DescriptorSize = BinaryPrimitives.ReadInt64LittleEndian(data[F.DescriptorSize..]),
            GtesPerGt = BinaryPrimitives.ReadInt32LittleEndian(data[F.NumGtesPerGt..]),
            RgdOffset = BinaryPrimitives.ReadInt64LittleEndian(data[F.RgdOffset..]),
            GdOffset = BinaryPrimitives.ReadUInt64LittleEndian(data[F.GdOffset..]),
            OverHead = BinaryPrimitives.ReadInt64LittleEndian(data[F.OverHead..]),
            CompressAlgorithm = BinaryPrimitives.ReadUInt16LittleEndian(data[F.CompressAlgorithm..]),
        };
        if (header.Version is < 1 or > 3)
        {
            throw new NotSupportedException($"{path}: VMDK sparse extent version {header.Version} is not supported (1 to 3)");
        }

        if (header.CapacitySectors is < 0 or > VmdkConstants.MaxCapacitySectors)
        {
            throw CorruptImage.Error(path, "VMDK capacity", position + F.Capacity, $"is {header.CapacitySectors} sectors, an absurd size");
        }

        if (header.GrainSectors < 1 || header.GrainSectors > (1 << 16) || (header.GrainSectors & (header.GrainSectors - 1)) != 0)
        {
            throw CorruptImage.Error(path, "VMDK grain size", position + F.GrainSize, $"is {header.GrainSectors} sectors; it must be a power of two up to 32 MiB");
        }

        if (header.GtesPerGt != VmdkConstants.GtesPerGt)
        {
            throw CorruptImage.Error(path, "VMDK numGTEsPerGT", position + F.NumGtesPerGt, $"is {header.GtesPerGt}; it must be 512");
        }

        CheckSector(header.DescriptorOffset, path, "VMDK descriptorOffset", position + F.DescriptorOffset);
        CheckSector(header.DescriptorSize, path, "VMDK descriptorSize", position + F.DescriptorSize);
        CheckSector(header.RgdOffset, path, "VMDK rgdOffset", position + F.RgdOffset);
        CheckSector(header.OverHead, path, "VMDK overHead", position + F.OverHead);
        if (header.GdOffset != VmdkConstants.GdAtEnd && header.GdOffset > VmdkConstants.MaxFileSectors)
        {
            throw CorruptImage.Error(path, "VMDK gdOffset", position + F.GdOffset, $"is sector {header.GdOffset}, far past any file");
        }

        if (header.IsCompressed && header.CompressAlgorithm != VmdkConstants.CompressionDeflate)
        {
            throw new NotSupportedException($"{path}: VMDK compression algorithm {header.CompressAlgorithm} is not supported (1 = deflate)");
        }

        return header;
    }

    /// <summary>A sector number or count read from the header: its byte offset must be computable without overflow.</summary>
    private static void CheckSector(long sectors, string path, string field, long position)
    {
        if (sectors is < 0 or > VmdkConstants.MaxFileSectors)
        {
            throw CorruptImage.Error(path, field, position, $"is {sectors} sectors, outside any file");
        }
    }

    public void Write(Span<byte> destination)
    {
        destination[..F.HeaderSize].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.Magic..], VmdkConstants.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.Version..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[F.Flags..], Flags);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.Capacity..], CapacitySectors);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.GrainSize..], GrainSectors);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.DescriptorOffset..], DescriptorOffset);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.DescriptorSize..], DescriptorSize);
        BinaryPrimitives.WriteInt32LittleEndian(destination[F.NumGtesPerGt..], GtesPerGt);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.RgdOffset..], RgdOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[F.GdOffset..], GdOffset);
        BinaryPrimitives.WriteInt64LittleEndian(destination[F.OverHead..], OverHead);
        destination[F.SingleEndLineChar] = (byte)'\n';
        destination[F.NonEndLineChar] = (byte)' ';
        destination[F.DoubleEndLineChar1] = (byte)'\r';
        destination[F.DoubleEndLineChar2] = (byte)'\n';
        BinaryPrimitives.WriteUInt16LittleEndian(destination[F.CompressAlgorithm..], CompressAlgorithm);
    }
}
