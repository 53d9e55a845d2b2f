using System.Buffers.Binary;
using System.Numerics;

namespace VirtAppliance.DiskImages.Checksums;

/// <summary>CRC-32C (Castagnoli) as VHDX and ext4 use it, through the processor's CRC32 instruction where there is one.</summary>
public static class Crc32C
{
    /// <summary>The checksum of data with the 4-byte field at checksumOffset taken as zero.</summary>
    public static uint Compute(ReadOnlySpan<byte> data, int checksumOffset)
    {
        var crc = 0xffffffffu;
        crc = Update(crc, data[..checksumOffset]);
        crc = Update(crc, [0, 0, 0, 0]);
        crc = Update(crc, data[(checksumOffset + 4)..]);
        return ~crc;
    }

    /// <summary>Feeds data into a running CRC register without the initial and final inversion (the kernel's crc32c_le).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var value in data)
        {
            crc = BitOperations.Crc32C(crc, value);
        }

        return crc;
    }
}
