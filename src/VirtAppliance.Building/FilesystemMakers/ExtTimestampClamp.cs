using System.Buffers.Binary;
using VirtAppliance.DiskImages.Checksums;

namespace VirtAppliance.Building.FilesystemMakers;

/// <summary>
/// Clamps every in-use inode's times to the build epoch (SOURCE_DATE_EPOCH practice) and updates inode checksums.
/// mke2fs -d copies each file's ctime, which is the moment the build staged it; this makes the filesystem reproducible.
/// </summary>
internal static class ExtTimestampClamp
{
    private const int SuperblockOffset = 1024;
    private const int SuperblockLength = 1024;
    private const int InodesCount = 0x00;
    private const int FirstDataBlock = 0x14;
    private const int LogBlockSize = 0x18;
    private const int InodesPerGroup = 0x28;
    private const int Magic = 0x38;
    private const ushort ExtMagic = 0xef53;
    private const int RevLevel = 0x4c;
    private const int InodeSize = 0x58;
    private const int FeatureIncompat = 0x60;
    private const int FeatureRoCompat = 0x64;
    private const int Uuid = 0x68;
    private const int DescSize = 0xfe;
    private const int ChecksumSeed = 0x270;
    private const uint Incompat64Bit = 0x80;
    private const uint IncompatMetaBg = 0x10;
    private const uint IncompatCsumSeed = 0x2000;
    private const uint RoCompatMetadataCsum = 0x400;

    private const int GroupInodeBitmapLo = 0x04;
    private const int GroupInodeTableLo = 0x08;
    private const int GroupFlags = 0x12;
    private const int GroupInodeBitmapHi = 0x24;
    private const int GroupInodeTableHi = 0x28;
    private const ushort InodeUninit = 0x1;

    private const int GoodOldInodeSize = 128;
    private const int InodeAtime = 0x08;
    private const int InodeCtime = 0x0c;
    private const int InodeMtime = 0x10;
    private const int InodeGeneration = 0x64;
    private const int InodeChecksumLo = 0x7c;
    private const int InodeExtraIsize = 0x80;
    private const int InodeChecksumHi = 0x82;
    private const int InodeCtimeExtra = 0x84;
    private const int InodeMtimeExtra = 0x88;
    private const int InodeAtimeExtra = 0x8c;
    private const int InodeCrtime = 0x90;
    private const int InodeCrtimeExtra = 0x94;

    public static void Apply(string disk, long offset, long epoch)
    {
        using var file = File.OpenHandle(disk, FileMode.Open, FileAccess.ReadWrite);
        var superblock = new byte[SuperblockLength];
        RandomAccess.Read(file, superblock, offset + SuperblockOffset);
        if (BinaryPrimitives.ReadUInt16LittleEndian(superblock.AsSpan(Magic)) != ExtMagic)
        {
            throw new InvalidDataException($"{disk}: no ext2/3/4 superblock at offset {offset}");
        }

        var incompat = BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(FeatureIncompat));
        if ((incompat & IncompatMetaBg) != 0)
        {
            throw new NotSupportedException($"{disk}: meta_bg filesystems are not supported");
        }

        var blockSize = 1024L << BinaryPrimitives.ReadInt32LittleEndian(superblock.AsSpan(LogBlockSize));
        var inodeSize = BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(RevLevel)) == 0
            ? GoodOldInodeSize
            : BinaryPrimitives.ReadUInt16LittleEndian(superblock.AsSpan(InodeSize));
        var inodesPerGroup = BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(InodesPerGroup));
        var groups = (int)((BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(InodesCount)) + inodesPerGroup - 1) / inodesPerGroup);
        var is64 = (incompat & Incompat64Bit) != 0;
        var descSize = is64 ? BinaryPrimitives.ReadUInt16LittleEndian(superblock.AsSpan(DescSize)) : 32;
        uint? seed = (BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(FeatureRoCompat)) & RoCompatMetadataCsum) == 0
            ? null
            : (incompat & IncompatCsumSeed) != 0
                ? BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(ChecksumSeed))
                : Crc32C.Update(uint.MaxValue, superblock.AsSpan(Uuid, 16));

        var descriptors = new byte[groups * descSize];
        var gdtBlock = BinaryPrimitives.ReadUInt32LittleEndian(superblock.AsSpan(FirstDataBlock)) + 1;
        RandomAccess.Read(file, descriptors, offset + gdtBlock * blockSize);
        var bitmap = new byte[blockSize];
        var table = new byte[inodesPerGroup * inodeSize];
        for (var group = 0; group < groups; group++)
        {
            var descriptor = descriptors.AsSpan(group * descSize, descSize);
            if ((BinaryPrimitives.ReadUInt16LittleEndian(descriptor[GroupFlags..]) & InodeUninit) != 0)
            {
                continue;
            }

            var bitmapBlock = Block(descriptor, GroupInodeBitmapLo, GroupInodeBitmapHi, is64);
            var tableBlock = Block(descriptor, GroupInodeTableLo, GroupInodeTableHi, is64);
            RandomAccess.Read(file, bitmap, offset + bitmapBlock * blockSize);
            RandomAccess.Read(file, table, offset + tableBlock * blockSize);
            var changed = false;
            for (var index = 0; index < inodesPerGroup; index++)
            {
                if ((bitmap[index >> 3] & (1 << (index & 7))) == 0)
                {
                    continue;
                }

                var inode = table.AsSpan(index * inodeSize, inodeSize);
                if (Clamp(inode, inodeSize, (uint)epoch))
                {
                    if (seed is { } value)
                    {
                        WriteChecksum(inode, inodeSize, (uint)(group * inodesPerGroup + index + 1), value);
                    }

                    changed = true;
                }
            }

            if (changed)
            {
                RandomAccess.Write(file, table, offset + tableBlock * blockSize);
            }
        }
    }

    private static long Block(ReadOnlySpan<byte> descriptor, int lo, int hi, bool is64) =>
        BinaryPrimitives.ReadUInt32LittleEndian(descriptor[lo..]) | (is64 ? (long)BinaryPrimitives.ReadUInt32LittleEndian(descriptor[hi..]) << 32 : 0);

    private static bool Clamp(Span<byte> inode, int inodeSize, uint epoch)
    {
        var extra = inodeSize > GoodOldInodeSize ? BinaryPrimitives.ReadUInt16LittleEndian(inode[InodeExtraIsize..]) : 0;
        bool Has(int field) => GoodOldInodeSize + extra >= field + 4;
        var changed = false;
        foreach (var (time, timeExtra) in new[] { (InodeAtime, InodeAtimeExtra), (InodeCtime, InodeCtimeExtra), (InodeMtime, InodeMtimeExtra), (InodeCrtime, InodeCrtimeExtra) })
        {
            if (time >= GoodOldInodeSize && !Has(time))
            {
                continue;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(inode[time..]) > epoch || (Has(timeExtra) && BinaryPrimitives.ReadUInt32LittleEndian(inode[timeExtra..]) != 0 && BinaryPrimitives.ReadUInt32LittleEndian(inode[time..]) == epoch))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(inode[time..], epoch);
                if (Has(timeExtra))
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(inode[timeExtra..], 0);
                }

                changed = true;
            }
        }

        return changed;
    }

    private static void WriteChecksum(Span<byte> inode, int inodeSize, uint number, uint seed)
    {
        var extra = inodeSize > GoodOldInodeSize ? BinaryPrimitives.ReadUInt16LittleEndian(inode[InodeExtraIsize..]) : 0;
        var hasHi = inodeSize > GoodOldInodeSize && GoodOldInodeSize + extra >= InodeChecksumHi + 2;
        BinaryPrimitives.WriteUInt16LittleEndian(inode[InodeChecksumLo..], 0);
        if (hasHi)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(inode[InodeChecksumHi..], 0);
        }

        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, number);
        var crc = Crc32C.Update(seed, word);
        crc = Crc32C.Update(crc, inode.Slice(InodeGeneration, 4));
        crc = Crc32C.Update(crc, inode);
        BinaryPrimitives.WriteUInt16LittleEndian(inode[InodeChecksumLo..], (ushort)crc);
        if (hasHi)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(inode[InodeChecksumHi..], (ushort)(crc >> 16));
        }
    }
}
