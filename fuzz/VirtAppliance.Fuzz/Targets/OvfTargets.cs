using VirtAppliance.Interop.Ovf;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>OVF packages as `import` reads them: the envelope, the manifest, the OVA archive.</summary>
public static class OvfTargets
{
    /// <summary>An envelope, read and written back (what an import maps must also be writable).</summary>
    public static void Envelope(byte[] input, Scratch scratch)
    {
        var package = OvfReader.Parse(input, "fuzz.ovf");
        _ = OvfWriter.Write(package).ToString();
        _ = OvfOperatingSystems.Arch(package.OsId, package.OsType);
    }

    public static void Manifest(byte[] input, Scratch scratch) => _ = OvfManifest.Parse(input, "fuzz.mf").Write();

    /// <summary>An OVA's members extracted into the scratch folder.</summary>
    public static void Ova(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        var archive = scratch.Write("fuzz.ova", input);
        var members = Directory.CreateDirectory(Path.Combine(scratch.Folder, "members")).FullName;
        _ = OvaArchive.Extract(archive, members, CancellationToken.None);
    }
}
