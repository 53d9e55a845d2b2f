using System.Text;
using VirtAppliance.Customization.Applying;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>cpio archives as GNU cpio writes them, and broken ones refused with the archive, the byte and the field.</summary>
[Trait("Category", "Tools")]
public sealed class ArchiveReaderTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Reads_every_member_of_an_archive_that_cpio_wrote()
    {
        // Every archive 'find . | cpio -o -H newc' writes used to be refused; GNU cpio stores ./etc/app as etc/app.
        Directory.CreateDirectory(folder.File("tree/etc/app"));
        File.WriteAllText(folder.File("tree/etc/app/app.conf"), "port=8080\n");
        File.WriteAllBytes(folder.File("tree/odd-size.bin"), [1, 2, 3, 4, 5]);
        File.CreateSymbolicLink(folder.File("tree/link"), "etc/app/app.conf");
        File.SetUnixFileMode(folder.File("tree/odd-size.bin"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var archive = folder.File("tree.cpio");
        var made = ExternalTool.Run("sh", "-c", $"cd '{folder.File("tree")}' && find . | sort | cpio -o -H newc > '{archive}'");
        Assert.True(made.ExitCode == 0, made.Error);

        var entries = ArchiveReader.Read(archive, cpio: true).ToDictionary(e => e.Name);

        Assert.Contains(".", entries.Keys);
        Assert.Equal(ArchiveEntryKind.Directory, entries["etc/app"].Kind);
        Assert.Equal("port=8080\n", Encoding.UTF8.GetString(entries["etc/app/app.conf"].Content!));
        Assert.Equal([1, 2, 3, 4, 5], entries["odd-size.bin"].Content);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute, entries["odd-size.bin"].Mode);
        Assert.Equal(ArchiveEntryKind.Symlink, entries["link"].Kind);
        Assert.Equal("etc/app/app.conf", entries["link"].LinkTarget);
    }

    [Theory]
    [InlineData("not-hex", "has 'zzzzzzzz' as its filesize field, not 8 hexadecimal digits")]
    [InlineData("cut", "cut off inside member ./big")]
    [InlineData("no-trailer", "ends without its TRAILER!!! entry")]
    [InlineData("odc", "not a cpio archive in the newc format at byte 0 (magic '070707')")]
    [InlineData("huge-name", "gives a name of 1048576 bytes")]
    public void A_broken_archive_is_refused_naming_the_archive_and_what_is_wrong(string damage, string expected)
    {
        var archive = folder.File($"{damage}.cpio");
        File.WriteAllBytes(archive, damage switch
        {
            "not-hex" => [.. Member("./a", "xy"u8.ToArray(), fileSize: "zzzzzzzz")],
            "cut" => [.. Member("./big", new byte[100])[..200]],
            "no-trailer" => Member("./a", "xy"u8.ToArray()),
            "odc" => Encoding.ASCII.GetBytes("070707" + new string('0', 70)),
            _ => Member("./a", [], nameSize: 1 << 20),
        });

        var error = Assert.Throws<InvalidDataException>(() => ArchiveReader.Read(archive, cpio: true).ToList());

        Assert.StartsWith(archive + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A newc member as the format defines it (magic, 13 hexadecimal fields, name, padding, data, padding).</summary>
    private static byte[] Member(string name, byte[] data, string? fileSize = null, int? nameSize = null)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = "070701" + string.Concat(new[] { 1, 0x81a4, 0, 0, 1, 0 }.Select(v => v.ToString("x8")))
            + (fileSize ?? data.Length.ToString("x8")) + string.Concat(new[] { 0, 0, 0, 0 }.Select(v => v.ToString("x8")))
            + (nameSize ?? nameBytes.Length).ToString("x8") + "00000000";
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(nameBytes);
        bytes.AddRange(new byte[(4 - bytes.Count % 4) % 4]);
        bytes.AddRange(data);
        bytes.AddRange(new byte[(4 - bytes.Count % 4) % 4]);
        return [.. bytes];
    }
}
