using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace VirtAppliance.Building.Layout;

/// <summary>Writes an MBR or a GPT (protective MBR, primary and backup header and entries) into a disk file.</summary>
public static class PartitionTableWriter
{
    public const int SectorSize = 512;

    private const int BootCodeLength = 440;
    private const int MbrSignatureOffset = 440;
    private const int MbrEntriesOffset = 446;
    private const int MbrEntryLength = 16;
    private const int BootSignatureOffset = 510;
    private const ushort BootSignature = 0xaa55;
    private const byte ActiveFlag = 0x80;

    private const ulong GptSignature = 0x5452415020494645; // "EFI PART"
    private const uint GptRevision = 0x00010000;
    private const int GptHeaderSize = 92;
    private const int GptEntryCount = 128;
    private const int GptEntrySize = 128;
    private const int GptEntriesSectors = GptEntryCount * GptEntrySize / SectorSize;
    private const int GptNameBytes = 72;
    private const ulong LegacyBiosBootableAttribute = 1UL << 2;

    /// <param name="bootCode">the first 440 bytes of the MBR (syslinux's mbr.bin or gptmbr.bin), or empty</param>
    public static void Write(string path, DiskLayout layout, ReadOnlySpan<byte> bootCode)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (file.Length != layout.Size)
        {
            file.SetLength(layout.Size);
        }

        var mbr = new byte[SectorSize];
        bootCode[..Math.Min(bootCode.Length, BootCodeLength)].CopyTo(mbr);
        BinaryPrimitives.WriteUInt16LittleEndian(mbr.AsSpan(BootSignatureOffset), BootSignature);
        if (layout.Table == PartitionTable.Msdos)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(mbr.AsSpan(MbrSignatureOffset), layout.MbrSignature);
            foreach (var partition in layout.Partitions)
            {
                WriteMbrEntry(mbr.AsSpan(MbrEntriesOffset + (partition.Number - 1) * MbrEntryLength), partition.Bootable,
                    PartitionTypes.MbrType(partition.Spec, partition.Size), partition.Offset / SectorSize, partition.Size / SectorSize);
            }

            RandomAccess.Write(file.SafeFileHandle, mbr, 0);
            return;
        }

        var sectors = layout.Size / SectorSize;
        WriteMbrEntry(mbr.AsSpan(MbrEntriesOffset), false, PartitionTypes.MbrGptProtective, 1, Math.Min(sectors - 1, uint.MaxValue));
        RandomAccess.Write(file.SafeFileHandle, mbr, 0);

        var entries = GptEntries(layout);
        var entriesCrc = Crc32.HashToUInt32(entries);
        var lastSector = sectors - 1;
        var firstUsable = 2 + GptEntriesSectors;
        var lastUsable = lastSector - GptEntriesSectors - 1;
        var backupEntries = lastSector - GptEntriesSectors;
        RandomAccess.Write(file.SafeFileHandle, entries, 2 * SectorSize);
        RandomAccess.Write(file.SafeFileHandle, entries, backupEntries * SectorSize);
        RandomAccess.Write(file.SafeFileHandle, GptHeader(layout, 1, lastSector, firstUsable, lastUsable, 2, entriesCrc), SectorSize);
        RandomAccess.Write(file.SafeFileHandle, GptHeader(layout, lastSector, 1, firstUsable, lastUsable, backupEntries, entriesCrc), lastSector * SectorSize);
    }

    private static byte[] GptEntries(DiskLayout layout)
    {
        var entries = new byte[GptEntryCount * GptEntrySize];
        foreach (var partition in layout.Partitions)
        {
            var entry = entries.AsSpan((partition.Number - 1) * GptEntrySize, GptEntrySize);
            PartitionTypes.GptType(partition.Spec).TryWriteBytes(entry[0..16]);
            partition.PartitionUuid.TryWriteBytes(entry[16..32]);
            BinaryPrimitives.WriteInt64LittleEndian(entry[32..], partition.Offset / SectorSize);
            BinaryPrimitives.WriteInt64LittleEndian(entry[40..], (partition.Offset + partition.Size) / SectorSize - 1);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[48..], partition.Bootable ? LegacyBiosBootableAttribute : 0);
            var name = partition.Spec.Label ?? PartitionName(partition);
            Encoding.Unicode.GetBytes(name.AsSpan(0, Math.Min(name.Length, GptNameBytes / 2)), entry[56..(56 + GptNameBytes)]);
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

    private static byte[] GptHeader(DiskLayout layout, long current, long backup, long firstUsable, long lastUsable, long entriesLba, uint entriesCrc)
    {
        var header = new byte[SectorSize];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span[0..], GptSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], GptRevision);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], GptHeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], current);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], backup);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], firstUsable);
        BinaryPrimitives.WriteInt64LittleEndian(span[48..], lastUsable);
        layout.DiskGuid.TryWriteBytes(span[56..72]);
        BinaryPrimitives.WriteInt64LittleEndian(span[72..], entriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(span[80..], GptEntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span[84..], GptEntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[88..], entriesCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], Crc32.HashToUInt32(span[..GptHeaderSize]));
        return header;
    }

    private static void WriteMbrEntry(Span<byte> entry, bool active, byte type, long firstSector, long sectorCount)
    {
        entry[0] = active ? ActiveFlag : (byte)0;
        WriteChs(entry[1..4], firstSector);
        entry[4] = type;
        WriteChs(entry[5..8], firstSector + sectorCount - 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)firstSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)sectorCount);
    }

    /// <summary>Cylinder/head/sector in the 255-head, 63-sector geometry; the 1023/254/63 maximum beyond it, as fdisk writes.</summary>
    private static void WriteChs(Span<byte> chs, long sector)
    {
        const int heads = 255, sectorsPerTrack = 63;
        var cylinder = sector / (heads * sectorsPerTrack);
        if (cylinder > 1023)
        {
            chs[0] = 254;
            chs[1] = 0xff;
            chs[2] = 0xff;
            return;
        }

        var head = sector / sectorsPerTrack % heads;
        var sectorInTrack = sector % sectorsPerTrack + 1;
        chs[0] = (byte)head;
        chs[1] = (byte)(sectorInTrack | ((cylinder >> 2) & 0xc0));
        chs[2] = (byte)cylinder;
    }
}
