using System.Buffers.Binary;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>Reads and writes refcount entries of 1 to 64 bits inside a refcount block (sub-byte widths LSB first).</summary>
internal static class RefcountBlock
{
    public static ulong Get(ReadOnlySpan<byte> block, int index, int bits)
    {
        switch (bits)
        {
            case 64: return BinaryPrimitives.ReadUInt64BigEndian(block[(index * 8)..]);
            case 32: return BinaryPrimitives.ReadUInt32BigEndian(block[(index * 4)..]);
            case 16: return BinaryPrimitives.ReadUInt16BigEndian(block[(index * 2)..]);
            case 8: return block[index];
            default:
                var perByte = 8 / bits;
                var shift = index % perByte * bits;
                return (ulong)((block[index / perByte] >> shift) & ((1 << bits) - 1));
        }
    }

    public static void Set(Span<byte> block, int index, int bits, ulong value)
    {
        switch (bits)
        {
            case 64: BinaryPrimitives.WriteUInt64BigEndian(block[(index * 8)..], value); break;
            case 32: BinaryPrimitives.WriteUInt32BigEndian(block[(index * 4)..], (uint)value); break;
            case 16: BinaryPrimitives.WriteUInt16BigEndian(block[(index * 2)..], (ushort)value); break;
            case 8: block[index] = (byte)value; break;
            default:
                var perByte = 8 / bits;
                var shift = index % perByte * bits;
                var mask = ((1 << bits) - 1) << shift;
                block[index / perByte] = (byte)((block[index / perByte] & ~mask) | (((int)value << shift) & mask));
                break;
        }
    }
}
