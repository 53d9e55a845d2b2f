namespace VirtAppliance.Fuzz;

/// <summary>The capabilities a descriptor that reads well is matched against: Debian 12's QEMU, as the host tests keep it.</summary>
public static class SampleHost
{
    public static string Capabilities { get; } = Read("sample-host.xml");

    private static string Read(string name)
    {
        using var stream = typeof(SampleHost).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the harness lacks its resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
