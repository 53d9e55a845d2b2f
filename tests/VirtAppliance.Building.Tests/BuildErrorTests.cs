using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

/// <summary>Builds that cannot succeed: a clear error naming the spec line, exit 65, and nothing left in the output folder.</summary>
[Trait("Category", "Tools")]
public sealed class BuildErrorTests : IDisposable
{
    private const string Appliance = "%appliance\nname bad\nroot busybox\n%end\n";

    private readonly TempDirectory folder = new();

    private string Output => folder.File("out");

    private ApplianceCommand.Result Build(string spec, params string[] extra)
    {
        var file = folder.File("bad.ks");
        File.WriteAllText(file, spec);
        return ApplianceCommand.Run(folder.File("state"), null, ["build", file, "-o", Output, .. extra], TimeSpan.FromSeconds(120));
    }

    private void AssertFailedCleanly(ApplianceCommand.Result result, int exitCode, string message)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}:\n{result.Error}{result.Output}");
        Assert.Contains(message, result.Error);
        Assert.True(!Directory.Exists(Output) || Directory.GetFileSystemEntries(Output).Length == 0,
            $"left behind: {string.Join(", ", Directory.Exists(Output) ? Directory.GetFileSystemEntries(Output) : [])}");
    }

    [Fact]
    public void AFailingPostStopsTheBuildWithItsOutput()
    {
        var result = Build("part / --size=8 --fstype=ext4\n" + Appliance + "%post\necho about to fail\nfalse\necho never\n%end\n");

        AssertFailedCleanly(result, 65, "%post (bad.ks line 6) failed");
        Assert.Contains("about to fail", result.Error);
        Assert.DoesNotContain("never", result.Error);
    }

    [Fact]
    public void PartitionsThatExceedTheGivenDiskSizeNameTheLine()
    {
        var result = Build("part / --size=8 --fstype=ext4\npart /var --size=40 --fstype=ext4\n" + Appliance.Replace("%end", "disk sda --size 30\n%end"));

        AssertFailedCleanly(result, 65, "bad.ks:2: partition /var does not fit on disk sda");
    }

    [Fact]
    public void AnUnknownFilesystemIsADataError()
    {
        AssertFailedCleanly(Build("part / --size=8 --fstype=zfs\n"), 65, "bad.ks:1: unknown --fstype zfs");
    }

    [Fact]
    public void AMissingRootDirectoryNamesTheLine()
    {
        var result = Build("part / --size=8 --fstype=ext4\n%appliance\nroot directory does-not-exist\n%end\n");

        AssertFailedCleanly(result, 65, "bad.ks:3: root directory");
    }

    [Fact]
    public void APartitionTooSmallForItsFilesNamesTheLine()
    {
        var tree = folder.File("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllBytes(Path.Combine(tree, "big.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(6 << 20));
        var result = Build($"part / --size=3 --fstype=ext4\n%appliance\nroot directory {tree}\n%end\n");

        AssertFailedCleanly(result, 65, "bad.ks:1: partition / (3 MiB) is too small for its files");
    }

    [Fact]
    public void AHostileRootArchiveIsRefused()
    {
        var archive = folder.File("evil.tar");
        using (var stream = File.Create(archive))
        using (var writer = new System.Formats.Tar.TarWriter(stream))
        {
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "../../etc/cron.d/evil") { DataStream = new MemoryStream([1]) });
        }

        var result = Build($"part / --size=8 --fstype=ext4\n%appliance\nroot tar {archive}\n%end\n");

        AssertFailedCleanly(result, 65, "member '../../etc/cron.d/evil' climbs out of the root");
    }

    [Fact]
    public void ExistingOutputsAreKeptUnlessForced()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "bad.xml"), "mine");

        var result = Build("part / --size=8 --fstype=ext4\n" + Appliance);

        Assert.Equal(73, result.ExitCode);
        Assert.Contains("bad.xml already exists", result.Error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Output, "bad.xml")));
        Assert.Single(Directory.GetFileSystemEntries(Output));
    }

    public void Dispose() => folder.Dispose();
}
