namespace VirtAppliance.Filesystems.Guests;

/// <summary>Maps guest paths (/etc/passwd) into the staged root, refusing anything that would leave it.</summary>
public static class GuestPath
{
    /// <summary>Normalizes an archive member or guest path to /a/b form; null when it climbs out (..) or is empty.</summary>
    public static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                return null;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    public static string OnHost(string root, string guestPath) =>
        guestPath == "/" ? root : Path.Combine(root, guestPath.TrimStart('/'));
}
