using System.Formats.Tar;
using VirtAppliance.Interop.Ovf;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests;

/// <summary>OVA members as tar writes them, and the hostile ones an import refuses.</summary>
[Trait("Category", "Fast")]
public sealed class OvaArchiveTests
{
    private static string Archive(TempDirectory folder, params TarEntry[] entries)
    {
        var path = folder.File("test.ova");
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Ustar);
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
        }

        return path;
    }

    private static UstarTarEntry Regular(string name, byte[] data) => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };

    private static string Refusal(TempDirectory folder, string archive)
    {
        var target = Directory.CreateDirectory(folder.File("out-" + Guid.NewGuid().ToString("N"))).FullName;
        return Assert.Throws<InvalidDataException>(() => OvaArchive.Extract(archive, target, CancellationToken.None)).Message;
    }

    [Fact]
    public void Members_come_back_in_archive_order_with_their_bytes()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("a.ovf"), "envelope");
        File.WriteAllText(folder.File("a.mf"), "manifest");
        File.WriteAllBytes(folder.File("a-disk1.vmdk"), new byte[70000]);
        OvaArchive.Write(folder.File("a.ova"), [folder.File("a.ovf"), folder.File("a.mf"), folder.File("a-disk1.vmdk")], CancellationToken.None);
        var target = Directory.CreateDirectory(folder.File("out")).FullName;
        Assert.Equal(["a.ovf", "a.mf", "a-disk1.vmdk"], OvaArchive.Extract(folder.File("a.ova"), target, CancellationToken.None));
        Assert.Equal(new byte[70000], File.ReadAllBytes(Path.Combine(target, "a-disk1.vmdk")));
    }

    [Fact]
    public void Links_folders_escaping_names_repeats_and_lying_sizes_are_refused()
    {
        using var folder = new TempDirectory();
        Assert.Contains("SymbolicLink", Refusal(folder, Archive(folder, new UstarTarEntry(TarEntryType.SymbolicLink, "a.vmdk") { LinkName = "/etc/shadow" })));
        Assert.Contains("HardLink", Refusal(folder, Archive(folder, new UstarTarEntry(TarEntryType.HardLink, "a.vmdk") { LinkName = "/etc/shadow" })));
        Assert.Contains("not a plain file name", Refusal(folder, Archive(folder, Regular("../escape.vmdk", [1]))));
        Assert.Contains("not a plain file name", Refusal(folder, Archive(folder, Regular("sub/dir.vmdk", [1]))));
        Assert.Contains("appears twice", Refusal(folder, Archive(folder, Regular("a.ovf", [1]), Regular("a.ovf", [2]))));
        Assert.Contains("CharacterDevice", Refusal(folder, Archive(folder, new UstarTarEntry(TarEntryType.CharacterDevice, "zero"))));

        // A header claiming more than the archive holds: the first member's size field rewritten to 8 GiB.
        var path = Archive(folder, Regular("a.vmdk", new byte[1024]));
        var bytes = File.ReadAllBytes(path);
        var header = FindHeader(bytes, "a.vmdk");
        System.Text.Encoding.ASCII.GetBytes("77777777777\0").CopyTo(bytes, header + 124);
        var sum = 0;
        "        "u8.ToArray().CopyTo(bytes, header + 148);
        for (var i = 0; i < 512; i++)
        {
            sum += bytes[header + i];
        }

        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, header + 148);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("more than the archive has left", Refusal(folder, path));

        File.WriteAllBytes(path, File.ReadAllBytes(Archive(folder, Regular("a.vmdk", new byte[4096])))[..1536]);
        Refusal(folder, path);
    }

    private static int FindHeader(byte[] bytes, string name)
    {
        for (var offset = 0; offset + 512 <= bytes.Length; offset += 512)
        {
            if (System.Text.Encoding.ASCII.GetString(bytes, offset, name.Length) == name)
            {
                return offset;
            }
        }

        throw new InvalidOperationException($"no header for {name}");
    }
}
