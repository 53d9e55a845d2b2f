namespace VirtAppliance.Filesystems.Host;

/// <summary>
/// A host path with every symbolic link resolved, as realpath(3) gives it, but also for a path whose last parts do not
/// exist yet (they are kept as written). Where a path really leads is what decides whether it may be read.
/// </summary>
public static class RealPath
{
    /// <summary>As Linux's limit on links followed in one lookup (ELOOP).</summary>
    private const int MaxLinks = 40;

    public static string Of(string path)
    {
        var pending = new Stack<string>(Parts(Path.GetFullPath(path)).Reverse());
        var resolved = "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? "/";
                continue;
            }

            var next = Path.Join(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"{path}: more than {MaxLinks} symbolic links to follow");
            }

            foreach (var targetPart in Parts(target).Reverse())
            {
                pending.Push(targetPart);
            }

            if (target.StartsWith('/'))
            {
                resolved = "/";
            }
        }

        return resolved;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both already real).</summary>
    public static bool IsWithin(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string[] Parts(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
