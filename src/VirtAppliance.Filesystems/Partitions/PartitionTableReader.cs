using System.Buffers.Binary;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Filesystems.Partitions;

/// <summary>Reads a disk's GPT (behind its protective MBR) or MBR primary partitions; null when the disk has no table.</summary>
public static class PartitionTableReader
{
    public static IReadOnlyList<PartitionSlot>? Read(DiskImage image, string name)
    {
        const int sector = PartitionTables.SectorSize;
        var mbr = new byte[sector];
        image.Read(0, mbr);
        if (BinaryPrimitives.ReadUInt16LittleEndian(mbr.AsSpan(MbrFieldLocations.BootSignature)) != PartitionTables.BootSignature)
        {
            return null;
        }

        var entries = Enumerable.Range(0, MbrFieldLocations.EntryCount)
            .Select(i => mbr.AsSpan(MbrFieldLocations.Entries + i * MbrFieldLocations.EntryLength, MbrFieldLocations.EntryLength).ToArray())
            .ToList();
        if (MbrEntry.Read(entries[0]).Type == PartitionTypes.MbrGptProtective)
        {
            return ReadGpt(image, name);
        }

        if (!entries.All(e => MbrEntry.HasValidStatus(e)) || entries.All(e => MbrEntry.Read(e).Type == 0))
        {
            return null;
        }

        return entries
            .Select((bytes, index) => (Entry: MbrEntry.Read(bytes), Number: index + 1))
            .Where(e => !e.Entry.IsEmpty && !e.Entry.IsExtended)
            .Select(e => Checked(new PartitionSlot(e.Number, (long)e.Entry.FirstSector * sector, (long)e.Entry.SectorCount * sector, null, e.Entry.Type), image, name))
            .ToList();
    }

    private static List<PartitionSlot> ReadGpt(DiskImage image, string name)
    {
        const int sector = PartitionTables.SectorSize;
        var headerSector = new byte[sector];
        image.Read(sector, headerSector);
        var header = GptHeader.Read(headerSector, name);
        if (header.EntriesLba >= image.Capacity / sector)
        {
            throw new InvalidDataException($"{name}: the GPT's entries at sector {header.EntriesLba} lie beyond the disk's {image.Capacity} bytes");
        }

        var table = new byte[header.EntryCount * header.EntrySize];
        image.Read(header.EntriesLba * sector, table);
        var slots = new List<PartitionSlot>();
        for (var i = 0; i < header.EntryCount; i++)
        {
            var entry = GptEntry.Read(table.AsSpan(i * header.EntrySize, header.EntrySize));
            if (entry.IsUnused)
            {
                continue;
            }

            if (entry.FirstLba < 0 || entry.LastLba < entry.FirstLba || entry.LastLba >= image.Capacity / sector)
            {
                throw new InvalidDataException($"{name}: GPT partition {i + 1} (sectors {entry.FirstLba}-{entry.LastLba}) lies beyond the disk's {image.Capacity} bytes");
            }

            slots.Add(Checked(new PartitionSlot(i + 1, entry.FirstLba * sector, (entry.LastLba - entry.FirstLba + 1) * sector, entry.Type, null), image, name));
        }

        return slots;
    }

    private static PartitionSlot Checked(PartitionSlot slot, DiskImage image, string name) =>
        slot.Offset < 0 || slot.Size <= 0 || slot.Offset + slot.Size > image.Capacity
            ? throw new InvalidDataException($"{name}: partition {slot.Number} ({slot.Offset}+{slot.Size} bytes) lies beyond the disk's {image.Capacity} bytes")
            : slot;
}
