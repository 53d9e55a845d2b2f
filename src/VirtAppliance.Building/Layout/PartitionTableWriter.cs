using System.Buffers.Binary;
using System.IO.Hashing;
using VirtAppliance.Filesystems.Partitions;

namespace VirtAppliance.Building.Layout;

/// <summary>Writes an MBR or a GPT (protective MBR, primary and backup header and entries) into a disk file.</summary>
internal static class PartitionTableWriter
{
    public const int SectorSize = PartitionTables.SectorSize;

    private const int GptEntryCount = 128;
    private const int GptEntrySize = GptFieldLocations.Entry.Length;
    private const int GptEntriesSectors = GptEntryCount * GptEntrySize / SectorSize;

    /// <param name="bootCode">the first 440 bytes of the MBR (syslinux's mbr.bin or gptmbr.bin), or empty</param>
    public static void Write(string path, DiskLayout layout, ReadOnlySpan<byte> bootCode)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (file.Length != layout.Size)
        {
            file.SetLength(layout.Size);
        }

        var mbr = new byte[SectorSize];
        bootCode[..Math.Min(bootCode.Length, MbrFieldLocations.BootCodeLength)].CopyTo(mbr);
        BinaryPrimitives.WriteUInt16LittleEndian(mbr.AsSpan(MbrFieldLocations.BootSignature), PartitionTables.BootSignature);
        if (layout.Table == PartitionTable.Msdos)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(mbr.AsSpan(MbrFieldLocations.DiskSignature), layout.MbrSignature);
            foreach (var partition in layout.Partitions)
            {
                new MbrEntry(partition.Bootable, PartitionTypeChoice.MbrType(partition.Spec, partition.Size), (uint)(partition.Offset / SectorSize), (uint)(partition.Size / SectorSize))
                    .Write(MbrEntrySlot(mbr, partition.Number));
            }

            RandomAccess.Write(file.SafeFileHandle, mbr, 0);
            return;
        }

        var sectors = layout.Size / SectorSize;
        new MbrEntry(false, PartitionTypes.MbrGptProtective, 1, (uint)Math.Min(sectors - 1, uint.MaxValue)).Write(MbrEntrySlot(mbr, 1));
        RandomAccess.Write(file.SafeFileHandle, mbr, 0);

        var entries = GptEntries(layout);
        var entriesCrc = Crc32.HashToUInt32(entries);
        var lastSector = sectors - 1;
        var firstUsable = 2 + GptEntriesSectors;
        var lastUsable = lastSector - GptEntriesSectors - 1;
        var backupEntries = lastSector - GptEntriesSectors;
        RandomAccess.Write(file.SafeFileHandle, entries, 2 * SectorSize);
        RandomAccess.Write(file.SafeFileHandle, entries, backupEntries * SectorSize);
        var primary = new GptHeader(1, lastSector, firstUsable, lastUsable, layout.DiskGuid, 2, GptEntryCount, GptEntrySize, entriesCrc);
        RandomAccess.Write(file.SafeFileHandle, Sector(primary), SectorSize);
        RandomAccess.Write(file.SafeFileHandle, Sector(primary with { CurrentLba = lastSector, BackupLba = 1, EntriesLba = backupEntries }), lastSector * SectorSize);
    }

    private static Span<byte> MbrEntrySlot(byte[] mbr, int number) =>
        mbr.AsSpan(MbrFieldLocations.Entries + (number - 1) * MbrFieldLocations.EntryLength, MbrFieldLocations.EntryLength);

    private static byte[] Sector(GptHeader header)
    {
        var sector = new byte[SectorSize];
        header.Write(sector);
        return sector;
    }

    private static byte[] GptEntries(DiskLayout layout)
    {
        var entries = new byte[GptEntryCount * GptEntrySize];
        foreach (var partition in layout.Partitions)
        {
            new GptEntry(
                    PartitionTypeChoice.GptType(partition.Spec),
                    partition.PartitionUuid,
                    partition.Offset / SectorSize,
                    (partition.Offset + partition.Size) / SectorSize - 1,
                    partition.Bootable ? GptEntry.LegacyBiosBootable : 0,
                    partition.Spec.Label ?? PartitionName(partition))
                .Write(entries.AsSpan((partition.Number - 1) * GptEntrySize, GptEntrySize));
        }

        return entries;
    }

    private static string PartitionName(PlacedPartition partition) => partition.Spec.Filesystem switch
    {
        Kickstart.FilesystemType.Efi => "esp",
        Kickstart.FilesystemType.Swap => "swap",
        Kickstart.FilesystemType.BiosBoot => "biosboot",
        _ => partition.Spec.MountPoint == "/" ? "root" : partition.Spec.MountPoint.TrimStart('/').Replace('/', '-'),
    };
}
