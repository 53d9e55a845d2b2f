namespace VirtAppliance.Customization.Guest;

/// <summary>
/// A guest filesystem being customized. Paths are absolute guest paths; symbolic links in them resolve inside the
/// guest filesystem, never on the host. Writes replace what is there (a final symbolic link is replaced, not followed).
/// </summary>
public interface IGuestFilesystem
{
    /// <summary>ext4, vfat, ...: for messages.</summary>
    string Type { get; }

    bool SupportsOwnership { get; }

    GuestEntry Stat(string path);

    /// <summary>
    /// Looks up many paths at once before an operation that touches each of them (archives, copied trees): later
    /// <see cref="Stat"/> calls for them are answered from what was seen, kept current by this filesystem's own writes.
    /// </summary>
    void Prefetch(IEnumerable<string> paths) { }

    byte[] ReadFile(string path);

    IReadOnlyList<string> List(string directory);

    void WriteFile(string path, string hostFile, UnixFileMode mode, int uid, int gid);

    void MakeDirectory(string path, UnixFileMode mode, int uid, int gid);

    void Symlink(string path, string target);

    /// <summary>Removes a file, a symbolic link, or a folder with everything in it; nothing when missing.</summary>
    void Remove(string path);

    void SetMode(string path, UnixFileMode mode);

    void SetOwner(string path, int uid, int gid);

    void Rename(string from, string to);

    /// <summary>Writes everything queued; errors surface here at the latest.</summary>
    void Flush();
}
