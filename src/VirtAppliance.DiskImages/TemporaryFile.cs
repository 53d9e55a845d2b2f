namespace VirtAppliance.DiskImages;

/// <summary>A hidden sibling of a final path, written first and renamed over it only when complete.</summary>
public static class TemporaryFile
{
    public static string For(string finalPath)
    {
        var full = Path.GetFullPath(finalPath);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(folder, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid().ToString("N")[..8]}");
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
