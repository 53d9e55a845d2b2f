using System.Formats.Tar;
using VirtAppliance.Building.RootFilesystem;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

/// <summary>Root filesystem archives: owners and devices kept aside for debugfs, hostile members refused before they write.</summary>
[Trait("Category", "Tools")]
public sealed class TarExtractorTests
{
    private static MemoryStream Archive(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static PaxTarEntry File(string name, string content, int uid = 0, int gid = 0) => new(TarEntryType.RegularFile, name)
    {
        DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        Uid = uid,
        Gid = gid,
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000),
    };

    [Fact]
    public void KeepsContentModesTimesLinksAndRecordsOwnersAndDevices()
    {
        using var folder = new TempDirectory();
        var ledger = new OwnershipLedger();
        var archive = Archive(
            new PaxTarEntry(TarEntryType.Directory, "./etc/"),
            File("./etc/shadow", "root:!:::::::\n", gid: 42),
            new PaxTarEntry(TarEntryType.SymbolicLink, "./etc/mtab") { LinkName = "/proc/mounts" },
            new PaxTarEntry(TarEntryType.HardLink, "./etc/shadow-") { LinkName = "./etc/shadow" },
            new PaxTarEntry(TarEntryType.CharacterDevice, "./dev/null") { DeviceMajor = 1, DeviceMinor = 3, Mode = (UnixFileMode)0x1b6 },
            File("/home/u/notes", "hi", uid: 1000, gid: 1000));

        TarExtractor.Extract(archive, folder.Path, ledger, "root.tar", CancellationToken.None);

        Assert.Equal("root:!:::::::\n", System.IO.File.ReadAllText(folder.File("etc/shadow")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, System.IO.File.GetUnixFileMode(folder.File("etc/shadow")));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000).UtcDateTime, System.IO.File.GetLastWriteTimeUtc(folder.File("etc/shadow")));
        Assert.Equal("/proc/mounts", new FileInfo(folder.File("etc/mtab")).LinkTarget);
        Assert.Equal("root:!:::::::\n", System.IO.File.ReadAllText(folder.File("etc/shadow-")));
        Assert.False(System.IO.File.Exists(folder.File("dev/null")));
        Assert.Equal(new SpecialFile('c', 1, 3, (UnixFileMode)0x1b6), ledger.SpecialFiles["/dev/null"]);
        Assert.Equal((0, 42), ledger.Owners["/etc/shadow"]);
        Assert.Equal((1000, 1000), ledger.Owners["/home/u/notes"]);
        Assert.False(ledger.Owners.ContainsKey("/etc/mtab"));
    }

    [Fact]
    public void RefusesMembersThatClimbOut()
    {
        using var folder = new TempDirectory();
        var archive = Archive(File("../../escaped", "x"));

        var error = Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(archive, Path.Combine(folder.Path, "root"), new OwnershipLedger(), "evil.tar", CancellationToken.None));

        Assert.Contains("evil.tar: member '../../escaped' climbs out", error.Message);
        Assert.False(System.IO.File.Exists(folder.File("escaped")));
    }

    [Fact]
    public void RefusesToWriteThroughASymbolicLink()
    {
        using var folder = new TempDirectory();
        var outside = folder.File("outside");
        Directory.CreateDirectory(outside);
        var root = folder.File("root");
        Directory.CreateDirectory(root);
        var archive = Archive(new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = outside }, File("etc/passwd", "pwned"));

        var error = Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(archive, root, new OwnershipLedger(), "evil.tar", CancellationToken.None));

        Assert.Contains("passes through the symbolic link /etc", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public void RefusesHardLinksToFilesOutside()
    {
        using var folder = new TempDirectory();
        var archive = Archive(new PaxTarEntry(TarEntryType.HardLink, "passwd") { LinkName = "../../../etc/passwd" });

        var error = Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(archive, folder.Path, new OwnershipLedger(), "evil.tar", CancellationToken.None));

        Assert.Contains("points out of the root", error.Message);
    }

    [Fact]
    public void ATruncatedArchiveIsNamed()
    {
        using var folder = new TempDirectory();
        var bytes = Archive(File("big", new string('x', 100_000))).ToArray()[..5000];

        var error = Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(new MemoryStream(bytes), folder.Path, new OwnershipLedger(), "cut.tar", CancellationToken.None));

        Assert.StartsWith("cut.tar: not a readable tar archive", error.Message);
    }
}
