using System.Globalization;
using System.Text;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Customization.Applying;

public sealed partial class RecipeApplier
{
    /// <summary>Copies a host file or folder (recursively) into a guest folder, as virt-customize's copy-in does; everything owned by root.</summary>
    internal void CopyIn(string source, string guestFolder)
    {
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            throw new FileNotFoundException($"{source} does not exist on this host");
        }

        EnsureDirectory(guestFolder, DirectoryMode, (0, 0), keepExisting: true);
        var target = Join(guestFolder, Path.GetFileName(Path.TrimEndingDirectorySeparator(source)));
        _guest.Prefetch(TreePaths(source, target));
        Copy(source, target);
    }

    /// <summary>The guest paths a copy of the host tree <paramref name="source"/> to <paramref name="target"/> touches.</summary>
    private static IEnumerable<string> TreePaths(string source, string target)
    {
        yield return target;
        if (Directory.Exists(source) && new FileInfo(source).LinkTarget is null)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(source))
            {
                foreach (var path in TreePaths(child, Join(target, Path.GetFileName(child))))
                {
                    yield return path;
                }
            }
        }
    }

    private static IEnumerable<string> WithAncestors(string path)
    {
        for (var current = path; current != "/"; current = Parent(current))
        {
            yield return current;
        }

        yield return "/";
    }

    private void Copy(string source, string target)
    {
        var info = new FileInfo(source);
        if (info.LinkTarget is { } link)
        {
            _guest.Symlink(target, link);
        }
        else if (Directory.Exists(source))
        {
            EnsureDirectory(target, File.GetUnixFileMode(source) & (UnixFileMode)0xfff, (0, 0));
            foreach (var child in Directory.EnumerateFileSystemEntries(source).Order(StringComparer.Ordinal))
            {
                Copy(child, Join(target, Path.GetFileName(child)));
            }
        }
        else
        {
            PutFile(target, source, File.GetUnixFileMode(source) & (UnixFileMode)0xfff, (0, 0));
        }
    }

    /// <summary>
    /// Extracts an archive into a guest folder with its members' modes and owners. Refused before anything is written:
    /// members that climb out (..), device nodes, and members that would pass through a symbolic link of the archive.
    /// </summary>
    internal void ExtractArchive(string archive, string guestFolder, bool cpio)
    {
        if (!File.Exists(archive))
        {
            throw new FileNotFoundException($"{archive} does not exist on this host");
        }

        var entries = new List<(string Path, ArchiveEntry Entry)>();
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in ArchiveReader.Read(archive, cpio))
        {
            var relative = GuestPath.Normalize(entry.Name)
                ?? throw new InvalidDataException($"{archive}: member '{entry.Name}' climbs out of the target folder (..); nothing was extracted");
            if (relative == "/")
            {
                continue;
            }

            if (entry.Kind == ArchiveEntryKind.Device)
            {
                throw new InvalidDataException($"{archive}: member '{entry.Name}' is a device node or FIFO; archives may not create those; nothing was extracted");
            }

            var path = Join(guestFolder, relative.TrimStart('/'));
            var through = links.FirstOrDefault(link => path.StartsWith(link + "/", StringComparison.Ordinal));
            if (through is not null)
            {
                throw new InvalidDataException($"{archive}: member '{entry.Name}' would be written through the archive's symbolic link {through}; nothing was extracted");
            }

            if (entry.Kind == ArchiveEntryKind.HardLink && GuestPath.Normalize(entry.LinkTarget ?? "") is null)
            {
                throw new InvalidDataException($"{archive}: hard link '{entry.Name}' points out of the target folder ({entry.LinkTarget}); nothing was extracted");
            }

            if (entry.Kind == ArchiveEntryKind.Symlink)
            {
                links.Add(path);
            }

            entries.Add((path, entry));
        }

        _guest.Prefetch(entries.SelectMany(e => WithAncestors(e.Path)));
        EnsureDirectory(guestFolder, DirectoryMode, (0, 0), keepExisting: true);
        var contents = entries.Where(e => e.Entry.Kind == ArchiveEntryKind.File).ToDictionary(e => e.Path, e => e.Entry.Content!, StringComparer.Ordinal);
        foreach (var (path, entry) in entries)
        {
            var mode = entry.Mode & (UnixFileMode)0xfff;
            switch (entry.Kind)
            {
                case ArchiveEntryKind.Directory:
                    EnsureDirectory(path, mode, (entry.Uid, entry.Gid));
                    break;
                case ArchiveEntryKind.File:
                    PutFile(path, Scratch(entry.Content!), mode, (entry.Uid, entry.Gid));
                    break;
                case ArchiveEntryKind.Symlink:
                    EnsureParent(path);
                    _guest.Symlink(path, entry.LinkTarget ?? "");
                    break;
                case ArchiveEntryKind.HardLink:
                    var target = Join(guestFolder, GuestPath.Normalize(entry.LinkTarget!)!.TrimStart('/'));
                    var content = contents.GetValueOrDefault(target)
                        ?? throw new InvalidDataException($"{archive}: hard link '{entry.Name}' names '{entry.LinkTarget}', which is not an earlier file of the archive");
                    PutFile(path, Scratch(content), mode, (entry.Uid, entry.Gid));
                    break;
            }
        }
    }

    /// <summary>An owner as "user:group", "uid:gid" or "user"; names are looked up in the guest's /etc/passwd and /etc/group.</summary>
    internal (int Uid, int Gid) Owner(string? owner)
    {
        if (owner is null)
        {
            return (0, 0);
        }

        var parts = owner.Split(':', 2);
        var uid = Id(parts[0], "/etc/passwd", 2);
        var gid = parts.Length > 1 ? Id(parts[1], "/etc/group", 2) : Id(parts[0], "/etc/passwd", 3);
        return (uid, gid);
    }

    private int Id(string name, string file, int field)
    {
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var text = _guest.Stat(file).Exists ? Encoding.UTF8.GetString(_guest.ReadFile(file)) : "";
        var record = text.Split('\n').Select(line => line.Split(':')).FirstOrDefault(fields => fields.Length > field && fields[0] == name)
            ?? throw new ArgumentException($"'{name}' is not in the guest's {file}");
        return int.Parse(record[field], CultureInfo.InvariantCulture);
    }

    private static string Join(string folder, string name) => folder == "/" ? "/" + name : folder + "/" + name;
}
