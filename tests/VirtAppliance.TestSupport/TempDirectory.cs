namespace VirtAppliance.TestSupport;

public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
        : this(System.IO.Path.GetTempPath())
    {
    }

    /// <summary>A new folder inside <paramref name="parent"/>.</summary>
    public TempDirectory(string parent)
    {
        Path = System.IO.Path.Combine(parent, "va-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
