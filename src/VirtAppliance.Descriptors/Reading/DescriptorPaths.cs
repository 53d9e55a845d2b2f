namespace VirtAppliance.Descriptors.Reading;

/// <summary>Paths inside a descriptor are relative to its folder and may not leave it.</summary>
public static class DescriptorPaths
{
    /// <summary>Returns why a path is unacceptable, or null when it stays inside the folder.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "is empty";
        }

        if (Path.IsPathRooted(path) || path.Contains('\\'))
        {
            return $"'{path}' is absolute; paths must be relative to the descriptor's folder";
        }

        var depth = 0;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                return $"'{path}' escapes the descriptor's folder";
            }
        }

        return path.Contains('\0') ? $"'{path}' contains a NUL character" : null;
    }

    /// <summary>The full path of a descriptor-relative path, checked again after symlink-free normalisation.</summary>
    public static string Resolve(string baseDirectory, string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new InvalidDataException($"path {problem}");
        }

        var root = Path.GetFullPath(baseDirectory);
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"path '{path}' escapes the descriptor's folder");
        }

        return full;
    }
}
