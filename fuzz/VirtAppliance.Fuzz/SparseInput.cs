using System.Buffers.Binary;

namespace VirtAppliance.Fuzz;

/// <summary>
/// Images whose formats align structures to megabytes (VHD's 2 MiB blocks, VDI's 1 MiB blocks, VHDX's 1 MiB
/// regions) are far larger than afl-fuzz's 1 MB inputs, but almost all zeros. Their seeds hold only the non-zero
/// runs: chunks of [offset: u32 LE][length: u16 LE][bytes], a zero-length chunk marking the file's end. The target
/// writes them back as a sparse file, so mutations land on the structures and nothing else.
/// </summary>
public static class SparseInput
{
    private const int OffsetSize = sizeof(uint);
    private const int LengthSize = sizeof(ushort);
    private const int HeaderSize = OffsetSize + LengthSize;
    private const int Sector = 512;

    public static byte[] Pack(ReadOnlySpan<byte> file)
    {
        using var packed = new MemoryStream();
        var position = 0;
        while (position < file.Length)
        {
            var sector = file.Slice(position, Math.Min(Sector, file.Length - position));
            if (!sector.ContainsAnyExcept((byte)0))
            {
                position += sector.Length;
                continue;
            }

            var start = position;
            while (position < file.Length && position - start + Sector <= ushort.MaxValue
                   && file.Slice(position, Math.Min(Sector, file.Length - position)).ContainsAnyExcept((byte)0))
            {
                position += Math.Min(Sector, file.Length - position);
            }

            WriteChunk(packed, (uint)start, file[start..position]);
        }

        WriteChunk(packed, (uint)file.Length, []);
        return packed.ToArray();
    }

    /// <summary>Writes the file <paramref name="input"/> describes; a truncated last chunk is written as far as it goes.</summary>
    public static void Unpack(ReadOnlySpan<byte> input, string path)
    {
        using var file = File.Create(path);
        while (input.Length >= HeaderSize)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(input);
            var length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(input[OffsetSize..]), input.Length - HeaderSize);
            file.Position = offset;
            file.Write(input.Slice(HeaderSize, length));
            file.SetLength(Math.Max(file.Length, offset + length));
            input = input[(HeaderSize + length)..];
        }
    }

    private static void WriteChunk(Stream packed, uint offset, ReadOnlySpan<byte> bytes)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, offset);
        BinaryPrimitives.WriteUInt16LittleEndian(header[OffsetSize..], (ushort)bytes.Length);
        packed.Write(header);
        packed.Write(bytes);
    }
}
