using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Customization.Applying;

/// <summary>Reads tar (plain, gzip here; xz, bzip2, zstd through their tools) and cpio (newc, crc, odc) archives member by member.</summary>
public static class ArchiveReader
{
    private const long MaxMemberBytes = 1L << 30;

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
            catch (Exception exception) when (exception is FormatException or InvalidDataException or EndOfStreamException)
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
        while (true)
        {
            var header = new byte[110];
            if (stream.ReadAtLeast(header, 6, throwOnEndOfStream: false) < 6)
            {
                throw new InvalidDataException($"{archive}: the cpio archive ends without its TRAILER!!! entry");
            }

            var magic = Encoding.ASCII.GetString(header, 0, 6);
            if (magic is not ("070701" or "070702"))
            {
                throw new InvalidDataException($"{archive}: not a cpio archive in the newc format (magic '{magic}'); write it with 'cpio -H newc'");
            }

            stream.ReadExactly(header, 6, 104);
            long Field(int index) => long.Parse(Encoding.ASCII.GetString(header, 6 + index * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var mode = (int)Field(1);
            var size = Field(6);
            var nameSize = (int)Field(11);
            if (nameSize is < 1 or > 4096 || size is < 0 or > MaxMemberBytes)
            {
                throw new InvalidDataException($"{archive}: cpio header with a name of {nameSize} bytes and {size} bytes of data is not plausible");
            }

            var name = new byte[nameSize];
            stream.ReadExactly(name);
            Skip(stream, (4 - (110 + nameSize) % 4) % 4);
            var text = Encoding.UTF8.GetString(name, 0, nameSize - 1);
            var content = ReadAll(stream, size, archive, text);
            Skip(stream, (int)((4 - size % 4) % 4));
            if (text == "TRAILER!!!")
            {
                yield break;
            }

            var kind = (mode & 0xf000) switch
            {
                0x4000 => ArchiveEntryKind.Directory,
                0xa000 => ArchiveEntryKind.Symlink,
                0x8000 => ArchiveEntryKind.File,
                _ => ArchiveEntryKind.Device,
            };
            yield return new ArchiveEntry(text, kind, (UnixFileMode)(mode & 0xfff), (int)Field(2), (int)Field(3),
                kind == ArchiveEntryKind.Symlink ? Encoding.UTF8.GetString(content) : null, kind == ArchiveEntryKind.File ? content : null);
        }
    }

    private static byte[] ReadAll(Stream stream, long length, string archive, string member)
    {
        if (length > MaxMemberBytes)
        {
            throw new InvalidDataException($"{archive}: member {member} is {length} bytes; members over 1 GiB are not supported");
        }

        var content = new byte[length];
        try
        {
            stream.ReadExactly(content);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{archive}: cut off inside member {member}");
        }

        return content;
    }

    private static void Skip(Stream stream, int count)
    {
        if (count > 0)
        {
            stream.ReadExactly(new byte[count]);
        }
    }
}
