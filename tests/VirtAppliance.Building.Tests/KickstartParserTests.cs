using VirtAppliance.Building.Kickstart;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

[Trait("Category", "Fast")]
public sealed class KickstartParserTests
{
    private const string Minimal = "part / --size=100 --fstype=ext4\n";

    [Fact]
    public void ReadsTheTinyExample()
    {
        var spec = KickstartParser.Load(Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "tiny.ks"));

        Assert.Equal("tiny", spec.Appliance.Name);
        Assert.Equal([Firmware.Bios, Firmware.Efi], spec.Appliance.Firmware);
        Assert.IsType<BusyboxRootSource>(spec.Appliance.Root);
        var root = Assert.Single(spec.Partitions, p => p.MountPoint == "/");
        Assert.Equal((24L, FilesystemType.Ext4, "tiny-root"), (root.SizeMiB, root.Filesystem, root.Label));
        Assert.Contains(spec.Partitions, p => p.Filesystem == FilesystemType.Swap && p.MountPoint == "swap");
        Assert.Equal("gpt", spec.DiskLabel);
        Assert.Equal("tiny", spec.Hostname);
        Assert.Equal(new PasswordSpec("tiny", false), spec.RootPassword);
        Assert.Equal("appliance", Assert.Single(spec.Users).Name);
        Assert.Contains("S90marker", Assert.Single(spec.PostScripts).Body);
        Assert.Equal(0, spec.BootloaderTimeoutSeconds);
    }

    [Theory]
    [InlineData("", "Syslinux")]
    [InlineData("bootloader --extlinux\n", "Syslinux")]
    [InlineData("bootloader --loader syslinux\n", "Syslinux")]
    [InlineData("bootloader --loader=grub\n", "Grub")]
    [InlineData("bootloader --loader grub2 --timeout 3\n", "Grub")]
    public void TheBiosLoaderIsSyslinuxUnlessGrubIsAskedFor(string line, string expected)
    {
        Assert.Equal(expected, KickstartParser.Parse(Minimal + line, "x.ks").BiosLoader.ToString());
    }

    [Fact]
    public void TheDebianServerExampleBootsThroughGrub()
    {
        var spec = KickstartParser.Load(Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "debian-server.ks"));

        Assert.Equal(BiosLoader.Grub, spec.BiosLoader);
        Assert.Equal("msdos", spec.DiskLabel);
        Assert.Contains("grub-pc-bin", spec.Packages);
        Assert.Contains("openssh-server", spec.Packages);
        Assert.True(spec.Network);
    }

    [Fact]
    public void OptionsTakeValuesBothWaysAndQuotesGroupWords()
    {
        var spec = KickstartParser.Parse(
            "part / --size 100 --fstype=ext4 --label \"my root\"\npart /data --size=50 --grow --maxsize=80 --fstype ext3 --ondisk=sdb\n" +
            "bootloader --append=\"console=ttyS0 quiet\"  # a comment\n", "x.ks");

        Assert.Equal("my root", spec.Partitions[0].Label);
        Assert.Equal((50L, true, 80L, "sdb"), (spec.Partitions[1].SizeMiB, spec.Partitions[1].Grow, spec.Partitions[1].MaxSizeMiB!.Value, spec.Partitions[1].Disk));
        Assert.Equal("console=ttyS0 quiet", spec.BootloaderAppend);
        Assert.Equal("x", spec.Appliance.Name);
    }

    [Theory]
    [InlineData("part / --size=100 --fstype=btrfs\n", 1, "unknown --fstype btrfs")]
    [InlineData(Minimal + "part /boot --size=10 --fstype=vfat\npart /boot --size=10 --fstype=ext4\n", 3, "mount point /boot is already used on line 2")]
    [InlineData("part /home --size=100 --fstype=ext4\n", 1, "no partition is mounted at /")]
    [InlineData(Minimal + "frobnicate --now\n", 2, "unknown command 'frobnicate'")]
    [InlineData(Minimal + "part /x --size=10 --fstype=ext4 --colour=red\n", 2, "part has no option --colour")]
    [InlineData(Minimal + "part /x --fstype=ext4\n", 2, "needs --size")]
    [InlineData(Minimal + "part ../x --size=1 --fstype=ext4\n", 2, "must be an absolute path")]
    [InlineData(Minimal + "bootloader --append=\"quiet\n", 2, "unterminated")]
    [InlineData(Minimal + "%post\necho hi\n", 2, "%post has no %end")]
    [InlineData(Minimal + "%packages\nvim\n%end\n", 0, "%packages needs 'root debian SUITE'")]
    [InlineData(Minimal + "%appliance\nroot floppy\n%end\n", 3, "root floppy")]
    [InlineData(Minimal + "%appliance\nfirmware coreboot\n%end\n", 3, "firmware coreboot")]
    [InlineData(Minimal + "%pre\necho\n%end\n", 2, "%pre runs on an installer")]
    [InlineData(Minimal + "rootpw --iscrypted plain\n", 2, "not a crypt(3) hash")]
    [InlineData(Minimal + "user --name=Bad:Name\n", 2, "user name")]
    [InlineData("part / --size=100 --fstype=vfat\n", 1, "root filesystem (/) must be ext2, ext3 or ext4")]
    [InlineData(Minimal + "%appliance\nvcpus 2 --max 1\n%end\n", 3, "vcpus --max 1: expected a whole number from 2 to 256")]
    [InlineData(Minimal + "%appliance\nmemory 256 --most 512\n%end\n", 3, "memory takes a number, optionally followed by --max NUMBER")]
    [InlineData(Minimal + "%appliance\nhotplug --cpus 2\n%end\n", 3, "hotplug --cpus: use --disks N or --nics N")]
    [InlineData(Minimal + "%appliance\nmachine isapc\n%end\n", 3, "machine isapc: use pc (i440fx) or q35")]
    [InlineData(Minimal + "bootloader --loader=lilo\n", 2, "--loader lilo: use grub or syslinux")]
    [InlineData(Minimal + "bootloader --loader=grub --extlinux\n", 2, "contradict each other")]
    [InlineData(Minimal + "bootloader --loader=grub\n%appliance\nfirmware efi\n%end\n", 2, "firmware is efi only")]
    [InlineData("clearpart --disklabel=gpt\n" + Minimal + "bootloader --loader=grub\n", 3, "needs 'clearpart --disklabel=msdos'")]
    public void BadSpecsNameTheirLine(string text, int line, string message)
    {
        var error = Assert.Throws<SpecException>(() => KickstartParser.Parse(text, "bad.ks"));

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.StartsWith(line > 0 ? $"bad.ks:{line}: " : "bad.ks: ", error.Message);
    }

    [Fact]
    public void InstallerCommandsAreIgnoredAndReported()
    {
        var spec = KickstartParser.Parse("lang en_US.UTF-8\nkeyboard us\n" + Minimal, "x.ks");

        Assert.Equal(["line 1: lang", "line 2: keyboard"], spec.Ignored);
    }

    [Fact]
    public void ReadsTheApplianceSection()
    {
        var spec = KickstartParser.Parse(Minimal + "%appliance\nname web\nversion 2.1\nvcpus 2\nmemory 1024\nroot debian bookworm --mirror http://m/debian\n" +
            "firmware efi\nformat vmdk\ndisk sda --size 4096\n%end\n%packages\nnginx\n%end\n", "x.ks");

        Assert.Equal(("web", "2.1", 2, 1024L), (spec.Appliance.Name, spec.Appliance.Version, spec.Appliance.Vcpus, spec.Appliance.MemoryMiB));
        Assert.Equal(new DebianRootSource(7, "bookworm", "http://m/debian", "minbase"), spec.Appliance.Root);
        Assert.Equal([Firmware.Efi], spec.Appliance.Firmware);
        Assert.Equal(4096L, spec.Appliance.DiskSizesMiB["sda"]);
        Assert.Equal(["nginx"], spec.Packages);
    }

    [Fact]
    public void ReadsTheRoomForLiveHardwareChanges()
    {
        var spec = KickstartParser.Parse(Minimal + "%appliance\nvcpus 1 --max 4\nmemory 256 --max 1024\nhotplug --disks 2 --nics 1\nmachine q35\n%end\n", "x.ks");

        var settings = spec.Appliance;
        Assert.Equal((1, 4, 256L, 1024L), (settings.Vcpus, settings.MaxVcpus, settings.MemoryMiB, settings.MaxMemoryMiB));
        Assert.Equal((2, 1, "q35"), (settings.HotplugDisks, settings.HotplugNics, settings.Machine));
    }
}
