using System.Buffers.Binary;
using E = VirtAppliance.DiskImages.Vhdx.VhdxLayout.MetadataEntry;

namespace VirtAppliance.DiskImages.Vhdx;

/// <summary>A metadata table entry: an item's id, its place inside the metadata region and its flags.</summary>
internal readonly record struct VhdxMetadataEntry(Guid ItemId, uint Offset, uint Length, uint Flags)
{
    public static VhdxMetadataEntry Read(ReadOnlySpan<byte> entry) => new(
        new Guid(entry.Slice(E.ItemId, 16)),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[E.Offset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[E.Length..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[E.Flags..]));

    public void Write(Span<byte> entry)
    {
        ItemId.TryWriteBytes(entry.Slice(E.ItemId, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(entry[E.Offset..], Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[E.Length..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[E.Flags..], Flags);
    }
}
