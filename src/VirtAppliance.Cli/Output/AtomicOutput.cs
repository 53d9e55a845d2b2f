using VirtAppliance.DiskImages;

namespace VirtAppliance.Cli.Output;

/// <summary>Writes a new file under a temporary name and renames it into place only when complete.</summary>
internal static class AtomicOutput
{
    public static void Write(string path, bool replace, Action<string> write)
    {
        if (!replace && File.Exists(path))
        {
            throw new OutputExistsException(path);
        }

        var temporary = TemporaryFile.For(path);
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: replace);
        }
        catch
        {
            TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }
}
