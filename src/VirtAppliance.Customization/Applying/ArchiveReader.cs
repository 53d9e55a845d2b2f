using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Customization.Applying;

/// <summary>Reads tar (plain, gzip here; xz, bzip2, zstd through their tools) and cpio (newc and crc; odc is refused with advice) archives member by member.</summary>
public static class ArchiveReader
{
    private const long MaxMemberBytes = 1L << 30;
    private const int FirstChunkBytes = 1 << 20;

    public static IEnumerable<ArchiveEntry> Read(string archive, bool cpio)
    {
        using var stream = Open(archive, out var process);
        try
        {
            var entries = cpio ? Cpio(stream, archive) : Tar(stream, archive);
            foreach (var entry in entries)
            {
                yield return entry;
            }
        }
        finally
        {
            if (process is not null)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    private static Stream Open(string archive, out Process? process)
    {
        process = null;
        var head = new byte[6];
        using (var probe = File.OpenRead(archive))
        {
            probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var tool = head switch
        {
            [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] => "xz",
            [0x28, 0xb5, 0x2f, 0xfd, ..] => "zstd",
            [0x42, 0x5a, 0x68, ..] => "bzip2",
            _ => null,
        };
        if (tool is not null)
        {
            var info = HostTools.StartInfo(tool, ["-dc", archive]);
            info.RedirectStandardOutput = true;
            process = Process.Start(info) ?? throw new NotSupportedException($"{tool} did not start");
            return process.StandardOutput.BaseStream;
        }

        var file = File.OpenRead(archive);
        return head is [0x1f, 0x8b, ..] ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static IEnumerable<ArchiveEntry> Tar(Stream stream, string archive)
    {
        using var reader = new TarReader(stream);
        while (true)
        {
            TarEntry? entry;
            byte[]? content = null;
            try
            {
                entry = reader.GetNextEntry();
                if (entry?.DataStream is { } data)
                {
                    content = ReadAll(data, entry.Length, archive, entry.Name);
                }
            }
            // System.Formats.Tar answers some malformed headers with OverflowException, ArgumentOutOfRangeException or
            // InvalidOperationException (an oversized PAX header)
            // (found by fuzzing).
            catch (Exception exception) when (exception is FormatException or InvalidDataException or EndOfStreamException or OverflowException
                                                  or ArgumentOutOfRangeException or InvalidOperationException)
            {
                throw new InvalidDataException($"{archive}: not a readable tar archive ({exception.Message})");
            }

            if (entry is null)
            {
                yield break;
            }

            var kind = entry.EntryType switch
            {
                TarEntryType.Directory => ArchiveEntryKind.Directory,
                TarEntryType.SymbolicLink => ArchiveEntryKind.Symlink,
                TarEntryType.HardLink => ArchiveEntryKind.HardLink,
                TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo => ArchiveEntryKind.Device,
                TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => ArchiveEntryKind.File,
                _ => (ArchiveEntryKind?)null,
            };
            if (kind is { } known)
            {
                yield return new ArchiveEntry(entry.Name, known, entry.Mode, entry.Uid, entry.Gid, entry.LinkName, content ?? (known == ArchiveEntryKind.File ? [] : null));
            }
        }
    }

    private static IEnumerable<ArchiveEntry> Cpio(Stream stream, string archive)
    {
        var header = new byte[CpioNewcHeader.Size];
        var offset = 0L;
        while (true)
        {
            if (stream.ReadAtLeast(header.AsSpan(0, CpioNewcHeader.MagicLength), CpioNewcHeader.MagicLength, throwOnEndOfStream: false) < CpioNewcHeader.MagicLength)
            {
                throw new InvalidDataException($"{archive}: the cpio archive ends without its {CpioNewcHeader.Trailer} entry");
            }

            if (!CpioNewcHeader.IsMagic(header.AsSpan(0, CpioNewcHeader.MagicLength)))
            {
                throw new InvalidDataException($"{archive}: not a cpio archive in the newc format at byte {offset} (magic '{Encoding.ASCII.GetString(header, 0, CpioNewcHeader.MagicLength)}'); write it with 'cpio -H newc'");
            }

            try
            {
                stream.ReadExactly(header, CpioNewcHeader.MagicLength, CpioNewcHeader.Size - CpioNewcHeader.MagicLength);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{archive}: cut off inside the cpio header at byte {offset}");
            }

            var member = CpioNewcHeader.Parse(header, archive, offset);
            if (member.NameSize is < 1 or > 4096 || member.FileSize is < 0 or > MaxMemberBytes)
            {
                throw new InvalidDataException($"{archive}: the cpio header at byte {offset} gives a name of {member.NameSize} bytes and {member.FileSize} bytes of data, which is not plausible");
            }

            var name = ReadAll(stream, member.NameSize, archive, $"name at byte {offset}");
            Skip(stream, CpioNewcHeader.Padding(CpioNewcHeader.Size + member.NameSize), archive);
            var text = Encoding.UTF8.GetString(name, 0, member.NameSize - 1);
            var content = ReadAll(stream, member.FileSize, archive, text);
            Skip(stream, CpioNewcHeader.Padding(member.FileSize), archive);
            offset += CpioNewcHeader.Size + member.NameSize + CpioNewcHeader.Padding(CpioNewcHeader.Size + member.NameSize) + member.FileSize + CpioNewcHeader.Padding(member.FileSize);
            if (text == CpioNewcHeader.Trailer)
            {
                yield break;
            }

            var kind = (member.Mode & 0xf000) switch
            {
                0x4000 => ArchiveEntryKind.Directory,
                0xa000 => ArchiveEntryKind.Symlink,
                0x8000 => ArchiveEntryKind.File,
                _ => ArchiveEntryKind.Device,
            };
            yield return new ArchiveEntry(text, kind, (UnixFileMode)(member.Mode & 0xfff), member.Uid, member.Gid,
                kind == ArchiveEntryKind.Symlink ? Encoding.UTF8.GetString(content) : null, kind == ArchiveEntryKind.File ? content : null);
        }
    }

    private static byte[] ReadAll(Stream stream, long length, string archive, string member)
    {
        if (length > MaxMemberBytes)
        {
            throw new InvalidDataException($"{archive}: member {member} is {length} bytes; members over 1 GiB are not supported");
        }

        // Grown as the data arrives: a header that claims a gigabyte in a short file costs no more than the file.
        var content = new byte[Math.Min(length, FirstChunkBytes)];
        var filled = 0L;
        while (filled < length)
        {
            if (filled == content.Length)
            {
                Array.Resize(ref content, (int)Math.Min(length, content.LongLength * 2));
            }

            var read = stream.Read(content, (int)filled, (int)(content.Length - filled));
            if (read == 0)
            {
                throw new InvalidDataException($"{archive}: cut off inside member {member}");
            }

            filled += read;
        }

        return content;
    }

    private static void Skip(Stream stream, int count, string archive)
    {
        if (count > 0 && stream.ReadAtLeast(new byte[count], count, throwOnEndOfStream: false) < count)
        {
            throw new InvalidDataException($"{archive}: cut off inside the padding after a member");
        }
    }
}
