using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.Building.Elf;

/// <summary>Just enough ELF reading: is a program statically linked (no PT_INTERP), and a kernel module's .modinfo strings.</summary>
internal static class ElfFile
{
    private const uint ElfMagic = 0x464c457f;
    private const int ClassOffset = 4;
    private const byte Class64 = 2;
    private const int HeaderLength = 64;
    private const uint ProgramInterpreter = 3;
    private const int SectionHeaderLength = 64;
    private const long MaxSectionBytes = 1 << 20;

    public static bool IsStatic(string path)
    {
        using var file = File.OpenHandle(path);
        var header = new byte[HeaderLength];
        if (RandomAccess.Read(file, header, 0) < header.Length || BinaryPrimitives.ReadUInt32LittleEndian(header) != ElfMagic)
        {
            return false;
        }

        var is64 = header[ClassOffset] == Class64;
        var tableOffset = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x20)) : BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x1c));
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(is64 ? 0x36 : 0x2a));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(is64 ? 0x38 : 0x2c));
        var entry = new byte[4];
        for (var i = 0; i < count; i++)
        {
            RandomAccess.Read(file, entry, tableOffset + (long)i * entrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) == ProgramInterpreter)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key=value strings of a 64-bit kernel module's .modinfo section (license, depends, alias, ...).</summary>
    public static IReadOnlyList<string> ModuleInfo(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        if (bytes.Length < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(span) != ElfMagic || bytes[ClassOffset] != Class64)
        {
            throw new InvalidDataException($"{path}: not a 64-bit ELF kernel module");
        }

        var sections = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        var names = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3e..]);
        Span<byte> Section(int index, out long offset, out long size)
        {
            var span = bytes.AsSpan();
            var at = sections + (long)index * SectionHeaderLength;
            if (at < 0 || at + SectionHeaderLength > bytes.Length)
            {
                throw new InvalidDataException($"{path}: section table beyond the end of the file");
            }

            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(at + 0x18)..]);
            size = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(at + 0x20)..]);
            if (offset < 0 || size < 0 || size > MaxSectionBytes || offset + size > bytes.Length)
            {
                throw new InvalidDataException($"{path}: section {index} lies beyond the end of the file");
            }

            return span.Slice((int)at, SectionHeaderLength);
        }

        Section(names, out var namesOffset, out var namesSize);
        var nameTable = span.Slice((int)namesOffset, (int)namesSize);
        for (var i = 0; i < count; i++)
        {
            var header = Section(i, out var offset, out var size);
            var nameAt = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (nameAt >= nameTable.Length)
            {
                continue;
            }

            var name = nameTable[nameAt..];
            var end = name.IndexOf((byte)0);
            if (end >= 0 && Encoding.ASCII.GetString(name[..end]) == ".modinfo")
            {
                return Encoding.UTF8.GetString(span.Slice((int)offset, (int)size)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        return [];
    }
}
