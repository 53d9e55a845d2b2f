using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Customization.Guest;

/// <summary>
/// A FAT12/16/32 filesystem (vfat, with long names) in a file, edited with mtools. FAT has no owners, Unix modes or
/// symbolic links: modes and owners passed in are not kept, links are refused; names compare without case.
/// </summary>
public sealed class FatGuestFilesystem(string device, string scratchFolder) : IGuestFilesystem
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["MTOOLS_SKIP_CHECK"] = "1",
        ["MTOOLSRC"] = "/dev/null",
    };

    private int _scratchFiles;

    public string Type => "vfat";

    public bool SupportsOwnership => false;

    public GuestEntry Stat(string path)
    {
        if (path == "/")
        {
            return new GuestEntry(GuestEntryKind.Directory, DirectoryMode, 0, 0);
        }

        var (parent, name) = Split(path);
        var listing = ToolRunner.Execute("mdir", ["-b", "-a", "-i", device, Guest(parent)], Environment);
        if (listing.ExitCode != 0)
        {
            return GuestEntry.Missing;
        }

        foreach (var entry in Entries(listing.Output))
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.IsDirectory
                    ? new GuestEntry(GuestEntryKind.Directory, DirectoryMode, 0, 0)
                    : new GuestEntry(GuestEntryKind.File, FileMode, 0, 0);
            }
        }

        return GuestEntry.Missing;
    }

    public byte[] ReadFile(string path)
    {
        var target = Path.Combine(scratchFolder, $"mcopy-{Interlocked.Increment(ref _scratchFiles)}");
        Run("reading", path, "mcopy", ["-n", "-i", device, Guest(path), target]);
        var bytes = File.ReadAllBytes(target);
        File.Delete(target);
        return bytes;
    }

    public IReadOnlyList<string> List(string directory)
    {
        var listing = Run("listing", directory, "mdir", ["-b", "-a", "-i", device, Guest(directory)]);
        return Entries(listing).Select(e => e.Name).ToList();
    }

    public void WriteFile(string path, string hostFile, UnixFileMode mode, int uid, int gid) =>
        Run("writing", path, "mcopy", ["-o", "-Q", "-D", "o", "-i", device, hostFile, Guest(path)]);

    public void MakeDirectory(string path, UnixFileMode mode, int uid, int gid) =>
        Run("making the folder", path, "mmd", ["-i", device, Guest(path)]);

    public void Symlink(string path, string target) =>
        throw new NotSupportedException($"{path}: a {Type} filesystem has no symbolic links");

    public void Remove(string path)
    {
        switch (Stat(path).Kind)
        {
            case GuestEntryKind.Directory:
                Run("removing", path, "mdeltree", ["-i", device, Guest(path)]);
                break;
            case GuestEntryKind.File:
                Run("removing", path, "mdel", ["-i", device, Guest(path)]);
                break;
        }
    }

    /// <summary>Nothing to keep: FAT has no Unix modes (recipes that ask for one are refused before they start).</summary>
    public void SetMode(string path, UnixFileMode mode)
    {
    }

    /// <summary>Nothing to keep: FAT has no owners (recipes that ask for one are refused before they start).</summary>
    public void SetOwner(string path, int uid, int gid)
    {
    }

    public void Rename(string from, string to) =>
        Run("moving", from, "mmove", ["-D", "o", "-i", device, Guest(from), Guest(to)]);

    /// <summary>Each mtools command writes as it runs.</summary>
    public void Flush()
    {
    }

    private string Run(string what, string path, string tool, string[] arguments)
    {
        var result = ToolRunner.Execute(tool, arguments, Environment);
        if (result.ExitCode != 0)
        {
            throw new IOException($"{what} {path} in the {Type} filesystem failed: {tool}: {result.Output.Trim()}");
        }

        return result.Output;
    }

    /// <summary>mdir -b prints one full path per line ("::/EFI/BOOT/"), folders with a trailing slash.</summary>
    private static IEnumerable<(string Name, bool IsDirectory)> Entries(string listing)
    {
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("::/", StringComparison.Ordinal))
            {
                continue;
            }

            var isDirectory = line.EndsWith('/');
            var trimmed = line.TrimEnd('/');
            var name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
            if (name is not ("" or "." or ".."))
            {
                yield return (name, isDirectory);
            }
        }
    }

    private static string Guest(string path) => "::" + path;

    private static (string Parent, string Name) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return (slash <= 0 ? "/" : path[..slash], path[(slash + 1)..]);
    }
}
