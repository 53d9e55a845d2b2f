using System.Formats.Tar;

namespace VirtAppliance.Interop.Ovf;

/// <summary>
/// An OVA: a tar of the package's files, the .ovf first, then the .mf, then the files in reference order, as
/// streaming consumers (VMware's) require. Reading takes regular files with plain names only, each no larger than
/// what is left of the archive.
/// </summary>
public static class OvaArchive
{
    /// <summary>Writes the files (full paths) into a new archive, in the order given, as ustar members named by their file names.</summary>
    public static void Write(string archive, IReadOnlyList<string> files, CancellationToken cancellation)
    {
        using var output = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var file in files)
            {
                cancellation.ThrowIfCancellationRequested();
                using var data = File.OpenRead(file);
                var entry = new UstarTarEntry(TarEntryType.RegularFile, Path.GetFileName(file))
                {
                    DataStream = data,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = File.GetLastWriteTimeUtc(file),
                    UserName = "someone",
                    GroupName = "someone",
                };
                writer.WriteEntry(entry);
            }
        }

        output.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Extracts every member into <paramref name="folder"/> and returns their names in archive order. Refused: links,
    /// devices, folders with content, names with a folder or '..', a name twice, and a member larger than what is left.
    /// </summary>
    public static IReadOnlyList<string> Extract(string archive, string folder, CancellationToken cancellation)
    {
        var names = new List<string>();
        using var input = File.OpenRead(archive);
        var length = input.Length;
        try
        {
            CheckHeaders(input, archive);
            input.Position = 0;
            using var reader = new TarReader(input);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                cancellation.ThrowIfCancellationRequested();
                var name = MemberName(entry, archive);
                if (name is null)
                {
                    continue;
                }

                if (names.Contains(name, StringComparer.Ordinal))
                {
                    throw new InvalidDataException($"{archive}: the member '{name}' appears twice");
                }

                // A lie smaller than the archive shows as a short member below.
                if (entry.Length > length)
                {
                    throw new InvalidDataException($"{archive}: the member '{name}' claims {entry.Length} bytes, more than the archive has left");
                }

                names.Add(name);
                using var output = new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write);
                if (entry.DataStream is { } data)
                {
                    data.CopyTo(output);
                }

                if (output.Length != entry.Length)
                {
                    throw new InvalidDataException($"{archive}: the member '{name}' ends after {output.Length} of its {entry.Length} bytes (a truncated archive)");
                }
            }
        }
        // System.Formats.Tar answers some malformed headers with OverflowException or ArgumentOutOfRangeException (fuzzing).
        catch (Exception error) when (error is EndOfStreamException or FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new InvalidDataException($"{archive}: not a readable tar archive ({error.Message})", error);
        }

        return names;
    }

    /// <summary>A tar header block: 512 bytes, the size field at 124 (12 bytes: octal, or base-256 with the high bit set), the type at 156.</summary>
    private const int BlockSize = 512;
    private const int SizeOffset = 124;
    private const int SizeLength = 12;
    private const int TypeOffset = 156;

    /// <summary>PAX and GNU long-name blocks of an OVA are a few hundred bytes.</summary>
    private const long MaxMetadataBytes = 1 << 20;

    /// <summary>
    /// Walks the header blocks before System.Formats.Tar reads them: it allocates a metadata block (PAX, GNU long
    /// names) of whatever size the header claims, so every size is checked against the file first.
    /// </summary>
    private static void CheckHeaders(FileStream input, string archive)
    {
        var header = new byte[BlockSize];
        long offset = 0;
        while (offset + BlockSize <= input.Length)
        {
            input.Position = offset;
            input.ReadExactly(header);
            if (header.All(b => b == 0))
            {
                return;
            }

            var size = SizeField(header.AsSpan(SizeOffset, SizeLength), archive, offset);
            var type = (char)header[TypeOffset];
            if (size > input.Length - offset - BlockSize || (type is 'x' or 'g' or 'L' or 'K' && size > MaxMetadataBytes))
            {
                throw new InvalidDataException($"{archive}: the tar header at byte {offset} claims {size} bytes, more than the archive has left");
            }

            offset += BlockSize + ((size + BlockSize - 1) / BlockSize * BlockSize);
        }
    }

    private static long SizeField(ReadOnlySpan<byte> field, string archive, long offset)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = 0;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                {
                    throw new InvalidDataException($"{archive}: the tar header at byte {offset} has a size beyond any file");
                }

                value = (value << 8) | b;
            }

            return (field[0] & 0x40) != 0 ? throw new InvalidDataException($"{archive}: the tar header at byte {offset} has a negative size") : value;
        }

        long octal = 0;
        foreach (var b in field)
        {
            if (b is 0 or (byte)' ')
            {
                if (octal > 0)
                {
                    break;
                }

                continue;
            }

            if (b is < (byte)'0' or > (byte)'7' || octal > (long.MaxValue >> 3))
            {
                throw new InvalidDataException($"{archive}: the tar header at byte {offset} has no valid size");
            }

            octal = (octal << 3) | (uint)(b - '0');
        }

        return octal;
    }

    private static string? MemberName(TarEntry entry, string archive)
    {
        var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
        switch (entry.EntryType)
        {
            case TarEntryType.Directory when name.Length == 0 || name == "./" || name == ".":
                return null;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                break;
            case TarEntryType.GlobalExtendedAttributes:
                return null;
            default:
                throw new InvalidDataException($"{archive}: the member '{Printable(name)}' is a {entry.EntryType}; an OVA holds regular files only");
        }

        if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name is "." or ".." || name.Any(char.IsControl))
        {
            throw new InvalidDataException($"{archive}: the member '{Printable(name)}' is not a plain file name (folders and '..' are refused)");
        }

        return name;
    }

    private static string Printable(string name)
    {
        var text = new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}
