namespace VirtAppliance.DiskImages;

/// <summary>Opens an image by content and attaches its backing chain (read-only), refusing loops and absurd depth.</summary>
public static class DiskImageOpener
{
    /// <summary>Backing chains deeper than this are refused (a loop, or a hostile image).</summary>
    public const int MaxChainDepth = 64;

    /// <param name="path">The image file.</param>
    /// <param name="writable">Open the top layer for writing; backing layers are always read-only.</param>
    /// <param name="format">A format name to use instead of detection (like qemu-img's -f).</param>
    public static DiskImage Open(string path, bool writable = false, string? format = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return OpenLayer(path, writable, format, seen, depth: 0);
    }

    /// <summary>The path a backing file name refers to, resolved from the folder of the image that names it.</summary>
    public static string ResolveBackingPath(string imagePath, string backingName)
    {
        if (backingName.StartsWith("json:", StringComparison.Ordinal) || backingName.Contains("://", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{imagePath}: backing file '{backingName}' is a protocol or JSON specification, which is not supported; only plain file names are");
        }

        if (Path.IsPathRooted(backingName))
        {
            return backingName;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(imagePath)) ?? ".";
        return Path.Combine(folder, backingName);
    }

    private static DiskImage OpenLayer(string path, bool writable, string? format, HashSet<string> seen, int depth)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such image file", path);
        }

        var identity = CanonicalPath(path);
        if (!seen.Add(identity))
        {
            throw new InvalidDataException($"{path}: the backing chain loops back to this file; fix the backing file names in the chain");
        }

        var diskFormat = format is null ? FormatDetector.Detect(path) : FormatDetector.FromName(format);
        var image = diskFormat.Open(path, writable);
        try
        {
            if (image.BackingFileName is { } backingName)
            {
                if (depth + 1 >= MaxChainDepth)
                {
                    throw new InvalidDataException($"{path}: the backing chain is deeper than {MaxChainDepth} images; flatten it with convert");
                }

                var backingPath = ResolveBackingPath(path, backingName);
                if (!File.Exists(backingPath))
                {
                    throw new FileNotFoundException($"{path}: its backing file '{backingName}' (resolved to '{backingPath}') does not exist", backingPath);
                }

                image.Backing = OpenLayer(backingPath, writable: false, KnownBackingFormat(image), seen, depth + 1);
            }

            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static string? KnownBackingFormat(DiskImage image)
    {
        var name = image.BackingFormatName;
        if (name is not null && !FormatDetector.All.Any(f => f.Name == name))
        {
            throw new NotSupportedException($"{image.FilePath}: its backing file format '{name}' is not known; known formats: {string.Join(", ", FormatDetector.All.Select(f => f.Name))}");
        }

        return name;
    }

    private static string CanonicalPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
