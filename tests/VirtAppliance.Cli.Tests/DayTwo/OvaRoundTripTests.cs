using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.DayTwo;

/// <summary>Issue "Interop", round trip: export OVA → import → deploy boots to the same console marker; the disks compare identical.</summary>
[Collection(TinyOnTheDaemonCollection.Name)]
[Trait("Category", "Vm")]
public sealed class OvaRoundTripTests(TinyOnTheDaemon tiny) : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void An_exported_OVA_imports_and_boots_to_the_console_marker_with_identical_disks()
    {
        var ova = folder.File("tiny.ova");
        var exported = tiny.Ok("export", tiny.Descriptor, "--to", "ova", "-o", ova, "--json").Json;
        Assert.Equal("ova", exported.GetProperty("format").GetString());
        Assert.Equal(73, tiny.Run("export", tiny.Descriptor, "--to", "ova", "-o", ova).ExitCode);

        var imported = tiny.Ok("import", ova, "-o", folder.File("imported"), "--json").Json;
        var descriptor = imported.GetProperty("descriptor").GetString()!;
        var variant = exported.GetProperty("variant").GetString();
        var original = Descriptors.Reading.DescriptorReader.Load(tiny.Descriptor);
        var originalDisks = original.Boots.Single(b => b.Id == variant).Drives.Select(d => Path.Combine(original.BaseDirectory!, original.FindDisk(d.Disk)!.File)).ToList();
        var importedDisks = imported.GetProperty("disks").EnumerateArray().Select(d => Path.Combine(folder.File("imported"), d.GetString()!)).ToList();
        Assert.Equal(originalDisks.Count, importedDisks.Count);
        foreach (var (before, after) in originalDisks.Zip(importedDisks))
        {
            Assert.Equal(0, tiny.Run("image", "compare", before, after).ExitCode);
        }

        var name = tiny.NameFor("ova");
        tiny.Ok("deploy", descriptor, "--name", name, "--wait-for", TinyOnTheDaemon.Ready, "--timeout", "150");
        tiny.Ok("undeploy", name, "--purge", "--force");
    }

    [Fact]
    public void A_damaged_package_is_refused_with_exit_65_and_no_output()
    {
        var ova = folder.File("tiny.ova");
        tiny.Ok("export", tiny.Descriptor, "--to", "ova", "-o", ova);
        // The ustar headers (512 bytes, the size in octal at 124) lead to the last member: flip a byte in its middle.
        var bytes = File.ReadAllBytes(ova);
        long header = 0, last = 0;
        while (header + 512 <= bytes.Length && bytes[header] != 0)
        {
            last = header;
            var size = Convert.ToInt64(System.Text.Encoding.ASCII.GetString(bytes, (int)header + 124, 11), 8);
            header += 512 + ((size + 511) / 512 * 512);
        }

        var lastSize = Convert.ToInt64(System.Text.Encoding.ASCII.GetString(bytes, (int)last + 124, 11), 8);
        bytes[last + 512 + (lastSize / 2)] ^= 0x55;
        File.WriteAllBytes(ova, bytes);
        var refused = tiny.Run("import", ova, "-o", folder.File("never"));
        Assert.Equal(65, refused.ExitCode);
        Assert.Contains("the manifest says", refused.Error);
        Assert.False(Directory.Exists(folder.File("never")));
    }
}
