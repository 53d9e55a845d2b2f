using System.Buffers.Binary;
using E = VirtAppliance.DiskImages.Vhdx.VhdxLayout.RegionEntry;

namespace VirtAppliance.DiskImages.Vhdx;

/// <summary>A region table entry: which region (BAT, metadata), where it lies, whether a reader must know it.</summary>
internal readonly record struct VhdxRegionEntry(Guid Id, long FileOffset, uint Length, bool Required)
{
    private const uint RequiredFlag = 1;

    public static VhdxRegionEntry Read(ReadOnlySpan<byte> entry) => new(
        new Guid(entry.Slice(E.Guid, 16)),
        BinaryPrimitives.ReadInt64LittleEndian(entry[E.FileOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[E.Length..]),
        (BinaryPrimitives.ReadUInt32LittleEndian(entry[E.Required..]) & RequiredFlag) != 0);

    public void Write(Span<byte> entry)
    {
        Id.TryWriteBytes(entry.Slice(E.Guid, 16));
        BinaryPrimitives.WriteInt64LittleEndian(entry[E.FileOffset..], FileOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[E.Length..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[E.Required..], Required ? RequiredFlag : 0);
    }
}
