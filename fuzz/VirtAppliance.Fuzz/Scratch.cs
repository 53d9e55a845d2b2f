using VirtAppliance.DiskImages;

namespace VirtAppliance.Fuzz;

/// <summary>
/// A folder of the harness process's own where targets that read files (images, archives) put their input: in memory
/// where possible, named with the process id so that the next harness sweeps it when afl-fuzz killed this one.
/// </summary>
public sealed class Scratch : IDisposable
{
    public string Folder { get; } = TemporaryFile.MemoryFolder("fuzz") ?? TemporaryFile.Folder(Path.GetTempPath(), "virt-appliance-fuzz");

    /// <summary>Writes <paramref name="bytes"/> to a file named <paramref name="name"/> in the scratch folder, replacing what was there.</summary>
    public string Write(string name, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(Folder, name);
        using var file = File.Create(path);
        file.Write(bytes);
        return path;
    }

    /// <summary>Removes everything a previous input left (extracted files, overlays).</summary>
    public void Clear()
    {
        foreach (var entry in new DirectoryInfo(Folder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
