using System.Buffers.Binary;
using System.Text;
using L = VirtAppliance.Filesystems.Partitions.GptFieldLocations.Entry;

namespace VirtAppliance.Filesystems.Partitions;

/// <summary>One GPT partition entry; an all-zero type GUID marks an unused entry.</summary>
public readonly record struct GptEntry(Guid Type, Guid Unique, long FirstLba, long LastLba, ulong Attributes, string Name)
{
    /// <summary>Attribute bit 2: legacy BIOS bootable (syslinux's gptmbr.bin boots the partition that has it).</summary>
    public const ulong LegacyBiosBootable = 1UL << 2;

    public bool IsUnused => Type == Guid.Empty;

    public static GptEntry Read(ReadOnlySpan<byte> entry) => new(
        new Guid(entry.Slice(L.TypeGuid, 16)),
        new Guid(entry.Slice(L.UniqueGuid, 16)),
        BinaryPrimitives.ReadInt64LittleEndian(entry[L.FirstLba..]),
        BinaryPrimitives.ReadInt64LittleEndian(entry[L.LastLba..]),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[L.Attributes..]),
        Encoding.Unicode.GetString(entry.Slice(L.Name, L.NameLength)).TrimEnd('\0'));

    /// <summary>Writes into a zeroed entry; a name longer than 36 UTF-16 units is cut.</summary>
    public void Write(Span<byte> entry)
    {
        Type.TryWriteBytes(entry.Slice(L.TypeGuid, 16));
        Unique.TryWriteBytes(entry.Slice(L.UniqueGuid, 16));
        BinaryPrimitives.WriteInt64LittleEndian(entry[L.FirstLba..], FirstLba);
        BinaryPrimitives.WriteInt64LittleEndian(entry[L.LastLba..], LastLba);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[L.Attributes..], Attributes);
        Encoding.Unicode.GetBytes(Name.AsSpan(0, Math.Min(Name.Length, L.NameLength / 2)), entry.Slice(L.Name, L.NameLength));
    }
}
