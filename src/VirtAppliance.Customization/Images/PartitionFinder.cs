using System.Buffers.Binary;
using VirtAppliance.Building.Layout;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Customization.Images;

/// <summary>Reads an image's MBR or GPT (or none) and tells which filesystem each partition holds.</summary>
public static class PartitionFinder
{
    private const int SectorSize = 512;
    private const int MbrEntriesOffset = 446;
    private const int MbrEntryLength = 16;
    private const ushort BootSignature = 0xaa55;
    private const byte GptProtectiveType = 0xee;
    private const byte ExtendedChs = 0x05;
    private const byte ExtendedLba = 0x0f;
    private const ulong GptSignature = 0x5452415020494645;
    private const int MaxGptEntries = 1024;
    private const int ExtMagicOffset = 1024 + 0x38;
    private const ushort ExtMagic = 0xef53;

    public static IReadOnlyList<GuestPartition> Find(DiskImage image, string name)
    {
        var sector = new byte[SectorSize];
        image.Read(0, sector);
        var partitions = new List<(int Number, long Offset, long Size, bool Root)>();
        if (BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(510)) == BootSignature && sector[MbrEntriesOffset + 4] == GptProtectiveType)
        {
            var header = new byte[SectorSize];
            image.Read(SectorSize, header);
            if (BinaryPrimitives.ReadUInt64LittleEndian(header) != GptSignature)
            {
                throw new InvalidDataException($"{name}: protective MBR without a GPT header at sector 1");
            }

            var entriesLba = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(72));
            var count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(80));
            var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(84));
            if (count is < 1 or > MaxGptEntries || size is < 128 or > 4096 || entriesLba < 2 || entriesLba * SectorSize >= image.Capacity)
            {
                throw new InvalidDataException($"{name}: GPT header with {count} entries of {size} bytes at sector {entriesLba} is not plausible");
            }

            var entries = new byte[count * size];
            image.Read(entriesLba * SectorSize, entries);
            for (var i = 0; i < count; i++)
            {
                var entry = entries.AsSpan(i * size, size);
                var type = new Guid(entry[..16]);
                if (type == Guid.Empty)
                {
                    continue;
                }

                var first = BinaryPrimitives.ReadInt64LittleEndian(entry[32..]);
                var last = BinaryPrimitives.ReadInt64LittleEndian(entry[40..]);
                partitions.Add((i + 1, first * SectorSize, (last - first + 1) * SectorSize, type == PartitionTypes.LinuxRootX86_64));
            }
        }
        else if (BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(510)) == BootSignature && HasMbrEntries(sector))
        {
            for (var i = 0; i < 4; i++)
            {
                var entry = sector.AsSpan(MbrEntriesOffset + i * MbrEntryLength, MbrEntryLength);
                var type = entry[4];
                var start = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
                var sectors = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
                if (type != 0 && type is not (ExtendedChs or ExtendedLba) && sectors > 0)
                {
                    partitions.Add((i + 1, (long)start * SectorSize, (long)sectors * SectorSize, false));
                }
            }
        }
        else
        {
            partitions.Add((0, 0, image.Capacity, false));
        }

        var result = new List<GuestPartition>();
        foreach (var (number, offset, length, root) in partitions)
        {
            if (offset < 0 || length <= 0 || offset + length > image.Capacity)
            {
                throw new InvalidDataException($"{name}: partition {number} ({offset}+{length} bytes) lies beyond the disk's {image.Capacity} bytes");
            }

            result.Add(new GuestPartition(number, offset, length, Probe(image, offset), root));
        }

        return result;
    }

    /// <summary>
    /// The filesystem recipes apply to: the partition asked for, else the GPT root partition, else the largest ext
    /// filesystem, else (when allowed) the only FAT filesystem (an ESP or a boot disk).
    /// </summary>
    public static GuestPartition ChooseRoot(IReadOnlyList<GuestPartition> partitions, int? number, string name, bool allowFat)
    {
        if (number is { } wanted)
        {
            return partitions.FirstOrDefault(p => p.Number == wanted)
                ?? throw new ArgumentException($"{name} has no partition {wanted} (it has {string.Join(", ", partitions.Select(p => p.Number))})");
        }

        return partitions.FirstOrDefault(p => p.IsRootType && p.Filesystem == GuestFilesystemType.Ext)
            ?? partitions.Where(p => p.Filesystem == GuestFilesystemType.Ext).MaxBy(p => p.Size)
            ?? (allowFat && partitions.Count(p => p.Filesystem == GuestFilesystemType.Fat) == 1 ? partitions.Single(p => p.Filesystem == GuestFilesystemType.Fat) : null)
            ?? throw new NotSupportedException($"{name}: no ext2/3/4 filesystem and not one FAT filesystem found (partitions: {string.Join(", ", partitions.Select(p => $"{p.Number}={p.Filesystem}"))}); give --partition N for another one");
    }

    private static bool HasMbrEntries(byte[] sector)
    {
        for (var i = 0; i < 4; i++)
        {
            var entry = sector.AsSpan(MbrEntriesOffset + i * MbrEntryLength, MbrEntryLength);
            if (entry[0] is not (0 or 0x80))
            {
                return false;
            }
        }

        return Enumerable.Range(0, 4).Any(i => sector[MbrEntriesOffset + i * MbrEntryLength + 4] != 0);
    }

    private static GuestFilesystemType Probe(DiskImage image, long offset)
    {
        var head = new byte[2048];
        image.Read(offset, head);
        if (BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(ExtMagicOffset)) == ExtMagic)
        {
            return GuestFilesystemType.Ext;
        }

        var fat16 = System.Text.Encoding.ASCII.GetString(head, 0x36, 5);
        var fat32 = System.Text.Encoding.ASCII.GetString(head, 0x52, 5);
        return BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(510)) == BootSignature && (fat16.StartsWith("FAT", StringComparison.Ordinal) || fat32 == "FAT32")
            ? GuestFilesystemType.Fat
            : GuestFilesystemType.Other;
    }
}
