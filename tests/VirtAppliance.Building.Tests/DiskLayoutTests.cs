using VirtAppliance.Building.FilesystemMakers;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;
using VirtAppliance.TestSupport;
using VirtAppliance.Filesystems.Partitions;

namespace VirtAppliance.Building.Tests;

/// <summary>Partition layout, and the tables and swap headers we write, read back by util-linux (sfdisk, blkid) as the referee.</summary>
[Trait("Category", "Tools")]
public sealed class DiskLayoutTests
{
    private static readonly DeterministicIds Ids = new("test");

    private static IReadOnlyList<PartitionSpec> Parts(string text) => KickstartParser.Parse(text, "x.ks").Partitions;

    [Fact]
    public void PartitionsAreMiBAlignedInOrderAndTheDiskIsTheirSum()
    {
        var parts = Parts("part / --size=100 --fstype=ext4\npart swap --size=16\n");
        var layout = LayoutPlanner.Plan("x.ks", "sda", parts, null, PartitionTable.Gpt, null, Ids);

        Assert.Equal([(1L << 20, 100L << 20), (101L << 20, 16L << 20)], layout.Partitions.Select(p => (p.Offset, p.Size)));
        Assert.Equal((1 + 100 + 16 + 1) << 20, layout.Size);
    }

    [Fact]
    public void GrowingPartitionsShareTheRestUpToTheirMaximum()
    {
        var parts = Parts("part /boot --size=10 --fstype=ext4\npart / --size=10 --grow --fstype=ext4\npart /var --size=10 --grow --maxsize=30 --fstype=ext4\n");
        var layout = LayoutPlanner.Plan("x.ks", "sda", parts, 200, PartitionTable.Msdos, null, Ids);

        Assert.Equal([10L << 20, 159L << 20, 30L << 20], layout.Partitions.Select(p => p.Size));
        Assert.Equal(200L << 20, layout.Size);
    }

    [Fact]
    public void PartitionsThatExceedTheDiskNameTheirLine()
    {
        var parts = Parts("part / --size=100 --fstype=ext4\npart /var --size=200 --fstype=ext4\n");

        var error = Assert.Throws<SpecException>(() => LayoutPlanner.Plan("x.ks", "sda", parts, 250, PartitionTable.Msdos, null, Ids));

        Assert.Equal(2, error.Line);
        Assert.Contains("does not fit on disk sda", error.Message);
    }

    [Fact]
    public void AnMsdosLabelHoldsFourPartitions()
    {
        var parts = Parts(string.Concat(Enumerable.Range(0, 5).Select(i => i == 0 ? "part / --size=1 --fstype=ext4\n" : $"part /p{i} --size=1 --fstype=ext4\n")));

        var error = Assert.Throws<SpecException>(() => LayoutPlanner.Plan("x.ks", "sda", parts, null, PartitionTable.Msdos, null, Ids));

        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void GptIsWhatSfdiskReadsAndVerifies()
    {
        using var folder = new TempDirectory();
        var parts = Parts("part /boot/efi --size=8 --fstype=efi\npart / --size=20 --fstype=ext4 --label=root\npart swap --size=4\npart biosboot --size=1\n");
        var layout = LayoutPlanner.Plan("x.ks", "sda", parts, null, PartitionTable.Gpt, parts[1], Ids);
        var disk = folder.File("disk.raw");
        File.WriteAllBytes(disk, []);

        PartitionTableWriter.Write(disk, layout, []);

        Assert.Contains("No errors detected", ExternalTool.Ok("sfdisk", "--verify", disk));
        var dump = ExternalTool.Ok("sfdisk", "--dump", disk);
        Assert.Contains($"label-id: {layout.DiskGuid.ToString().ToUpperInvariant()}", dump);
        Assert.Contains($"start=        2048, size=       16384, type={PartitionTypes.EfiSystem.ToString().ToUpperInvariant()}, uuid={layout.Partitions[0].PartitionUuid.ToString().ToUpperInvariant()}, name=\"esp\"", dump);
        Assert.Contains($"start=       18432, size=       40960, type={PartitionTypes.LinuxRootX86_64.ToString().ToUpperInvariant()}", dump);
        Assert.Contains("name=\"root\", attrs=\"LegacyBIOSBootable\"", dump);
        Assert.Contains($"type={PartitionTypes.LinuxSwap.ToString().ToUpperInvariant()}", dump);
        Assert.Contains($"type={PartitionTypes.BiosBoot.ToString().ToUpperInvariant()}", dump);
    }

    [Fact]
    public void MbrIsWhatSfdiskReads()
    {
        using var folder = new TempDirectory();
        var parts = Parts("part /boot --size=600 --fstype=vfat\npart / --size=20 --fstype=ext4\npart swap --size=4\n");
        var layout = LayoutPlanner.Plan("x.ks", "sda", parts, null, PartitionTable.Msdos, parts[0], Ids);
        var disk = folder.File("disk.raw");
        File.WriteAllBytes(disk, []);

        PartitionTableWriter.Write(disk, layout, [0xfa, 0x31, 0xc0]);

        var dump = ExternalTool.Ok("sfdisk", "--dump", disk);
        Assert.Contains($"label-id: 0x{layout.MbrSignature:x8}", dump);
        Assert.Contains("disk.raw1 : start=        2048, size=     1228800, type=c, bootable", dump);
        Assert.Contains("disk.raw2 : start=     1230848, size=       40960, type=83", dump);
        Assert.Contains("disk.raw3 : start=     1271808, size=        8192, type=82", dump);
        Assert.Equal(new byte[] { 0xfa, 0x31, 0xc0 }, File.ReadAllBytes(disk)[..3]);
    }

    [Fact]
    public void SwapHeaderIsWhatBlkidReads()
    {
        using var folder = new TempDirectory();
        var disk = folder.File("swap.raw");
        File.WriteAllBytes(disk, new byte[1 << 20]);
        var uuid = Ids.Uuid("swap");

        SwapHeader.Write(disk, 0, 1 << 20, uuid, "myswap");

        var probe = ExternalTool.Ok("blkid", "-p", "-o", "export", disk);
        Assert.Contains("TYPE=swap", probe);
        Assert.Contains($"UUID={uuid}", probe);
        Assert.Contains("LABEL=myswap", probe);
    }

    [Fact]
    public void TheSameSeedGivesTheSameIdentitiesAndAnotherSeedOthers()
    {
        Assert.Equal(new DeterministicIds("a").Uuid("x"), new DeterministicIds("a").Uuid("x"));
        Assert.NotEqual(new DeterministicIds("a").Uuid("x"), new DeterministicIds("b").Uuid("x"));
        Assert.Equal('4', new DeterministicIds("a").Uuid("x").ToString()[14]);
    }
}
