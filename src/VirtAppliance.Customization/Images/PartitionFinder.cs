using System.Buffers.Binary;
using VirtAppliance.Filesystems.Partitions;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Customization.Images;

/// <summary>Reads an image's MBR or GPT (or none) and tells which filesystem each partition holds.</summary>
public static class PartitionFinder
{
    private const int ExtMagicOffset = 1024 + 0x38;
    private const ushort ExtMagic = 0xef53;

    public static IReadOnlyList<GuestPartition> Find(DiskImage image, string name)
    {
        var slots = PartitionTableReader.Read(image, name) ?? [new PartitionSlot(0, 0, image.Capacity, null, null)];
        return slots
            .Select(s => new GuestPartition(s.Number, s.Offset, s.Size, Probe(image, s.Offset), s.GptType == PartitionTypes.LinuxRootX86_64))
            .ToList();
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
        return BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(510)) == PartitionTables.BootSignature && (fat16.StartsWith("FAT", StringComparison.Ordinal) || fat32 == "FAT32")
            ? GuestFilesystemType.Fat
            : GuestFilesystemType.Other;
    }
}
