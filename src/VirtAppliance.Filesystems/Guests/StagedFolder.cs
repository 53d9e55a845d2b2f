namespace VirtAppliance.Filesystems.Guests;

/// <summary>A guest's files staged in a host folder: writes into it never follow a symbolic link out of it.</summary>
public static class StagedFolder
{
    /// <summary>Creates missing parent folders; refuses a parent that is a symbolic link or a file (it would redirect the write).</summary>
    public static void PrepareParent(string root, string guest, string sourceName)
    {
        var current = root;
        var parts = guest.TrimStart('/').Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            if (IsLink(current))
            {
                throw new InvalidDataException($"{sourceName}: '{guest}' passes through the symbolic link /{string.Join('/', parts[..(i + 1)])}; refusing to write through it");
            }

            if (File.Exists(current))
            {
                throw new InvalidDataException($"{sourceName}: '{guest}' needs /{string.Join('/', parts[..(i + 1)])} to be a folder, but it is a file");
            }

            if (!Directory.Exists(current))
            {
                Directory.CreateDirectory(current);
            }
        }
    }

    public static bool IsLink(string path) => new FileInfo(path) is { Exists: true, LinkTarget: not null } || new DirectoryInfo(path) is { Exists: true, LinkTarget: not null };
}
