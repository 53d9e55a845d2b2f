namespace VirtAppliance.Cli;

/// <summary>Output files and folders are replaced only with --force.</summary>
internal static class OutputPaths
{
    /// <summary>Refuses an existing output unless <paramref name="force"/>; with it, removes the old one first.</summary>
    public static void Reserve(string path, bool force)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }

        if (!force)
        {
            throw new OutputExistsException(path);
        }

        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
