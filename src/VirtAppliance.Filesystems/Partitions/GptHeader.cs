using System.Buffers.Binary;
using System.IO.Hashing;
using L = VirtAppliance.Filesystems.Partitions.GptFieldLocations.Header;

namespace VirtAppliance.Filesystems.Partitions;

/// <summary>A GPT header (primary at LBA 1, backup at the last LBA).</summary>
public sealed record GptHeader(long CurrentLba, long BackupLba, long FirstUsableLba, long LastUsableLba, Guid DiskGuid, long EntriesLba, int EntryCount, int EntrySize, uint EntriesCrc)
{
    /// <summary>The most entries a header may announce before it is judged implausible.</summary>
    public const int MaxEntries = 1024;

    public const int MaxEntrySize = 4096;

    public static bool HasSignature(ReadOnlySpan<byte> sector) => BinaryPrimitives.ReadUInt64LittleEndian(sector[L.Signature..]) == PartitionTables.GptSignature;

    /// <summary>Reads and range-checks a header; <paramref name="name"/> names the disk in errors.</summary>
    public static GptHeader Read(ReadOnlySpan<byte> sector, string name)
    {
        if (!HasSignature(sector))
        {
            throw new InvalidDataException($"{name}: protective MBR without a GPT header at sector 1 (no 'EFI PART' signature)");
        }

        var header = new GptHeader(
            BinaryPrimitives.ReadInt64LittleEndian(sector[L.CurrentLba..]),
            BinaryPrimitives.ReadInt64LittleEndian(sector[L.BackupLba..]),
            BinaryPrimitives.ReadInt64LittleEndian(sector[L.FirstUsableLba..]),
            BinaryPrimitives.ReadInt64LittleEndian(sector[L.LastUsableLba..]),
            new Guid(sector.Slice(L.DiskGuid, 16)),
            BinaryPrimitives.ReadInt64LittleEndian(sector[L.EntriesLba..]),
            BinaryPrimitives.ReadInt32LittleEndian(sector[L.EntryCount..]),
            BinaryPrimitives.ReadInt32LittleEndian(sector[L.EntrySize..]),
            BinaryPrimitives.ReadUInt32LittleEndian(sector[L.EntriesCrc..]));
        if (header.EntryCount is < 1 or > MaxEntries || header.EntrySize < GptFieldLocations.Entry.Length || header.EntrySize > MaxEntrySize || header.EntriesLba < 2)
        {
            throw new InvalidDataException(
                $"{name}: GPT header (sector 1) with {header.EntryCount} entries of {header.EntrySize} bytes at sector {header.EntriesLba} is not plausible");
        }

        return header;
    }

    /// <summary>Writes the header into a zeroed sector, its CRC last.</summary>
    public void Write(Span<byte> sector)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(sector[L.Signature..], PartitionTables.GptSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[L.Revision..], PartitionTables.GptRevision);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[L.HeaderSize..], L.Length);
        BinaryPrimitives.WriteInt64LittleEndian(sector[L.CurrentLba..], CurrentLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[L.BackupLba..], BackupLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[L.FirstUsableLba..], FirstUsableLba);
        BinaryPrimitives.WriteInt64LittleEndian(sector[L.LastUsableLba..], LastUsableLba);
        DiskGuid.TryWriteBytes(sector.Slice(L.DiskGuid, 16));
        BinaryPrimitives.WriteInt64LittleEndian(sector[L.EntriesLba..], EntriesLba);
        BinaryPrimitives.WriteInt32LittleEndian(sector[L.EntryCount..], EntryCount);
        BinaryPrimitives.WriteInt32LittleEndian(sector[L.EntrySize..], EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[L.EntriesCrc..], EntriesCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[L.HeaderCrc..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(sector[L.HeaderCrc..], Crc32.HashToUInt32(sector[..L.Length]));
    }
}
