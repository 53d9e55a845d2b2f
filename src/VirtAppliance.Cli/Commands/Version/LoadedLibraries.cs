namespace VirtAppliance.Cli.Commands.Version;

/// <summary>The files the dynamic loader mapped for this process (/proc/self/maps), to name the one a library came from.</summary>
internal static class LoadedLibraries
{
    /// <summary>The mapped file whose name starts with <paramref name="fileName"/> (libzstd.so.1 → …/libzstd.so.1.5.4), or null.</summary>
    public static string? PathOf(string fileName)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/');
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..];
            if (Path.GetFileName(path).StartsWith(fileName, StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }
}
