using System.Security.Cryptography;
using System.Text.Json;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

[Collection(TinyBuildCollection.Name)]
[Trait("Category", "Vm")]
public sealed class TinyBuildTests(TinyBuild build)
{
    private string Disk(string id) => Path.Combine(build.Output, $"tiny-{id}.qcow2");

    /// <summary>The partitions of a disk as sfdisk reads them, after qemu-img turned it into raw.</summary>
    private (string Raw, JsonElement[] Partitions) Raw(string id)
    {
        var raw = build.Scratch($"{id}.raw");
        if (!File.Exists(raw))
        {
            ExternalTool.QemuImg("convert", "-O", "raw", Disk(id), raw);
        }

        Assert.Contains("No errors detected", ExternalTool.Ok("sfdisk", "--verify", raw));
        var table = JsonDocument.Parse(ExternalTool.Ok("sfdisk", "--json", raw)).RootElement.GetProperty("partitiontable");
        return (raw, table.GetProperty("partitions").EnumerateArray().ToArray());
    }

    [Fact]
    public void EveryDiskIsACleanQcow2WithTheChecksumTheDescriptorGives()
    {
        var descriptor = DescriptorReader.Load(Path.Combine(build.Output, "tiny.xml"));

        Assert.Equal(["bios", "efi"], descriptor.Boots.Select(b => b.Id));
        Assert.Equal(["boot-bios", "sda"], descriptor.Boots[0].DiskIds);
        Assert.Equal(["boot-efi", "sda"], descriptor.Boots[1].DiskIds);
        Assert.Equal(["bios", "efi"], descriptor.Boots.Select(b => b.Requirements.Firmware));
        Assert.Equal(3, descriptor.Disks.Count);
        foreach (var disk in descriptor.Disks)
        {
            var path = Path.Combine(build.Output, disk.File);
            ExternalTool.AssertCleanCheck(path);
            Assert.Contains("file format: qcow2", ExternalTool.QemuImg("info", path));
            using var stream = File.OpenRead(path);
            Assert.Equal(disk.Checksums["sha256"], Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }

    [Fact]
    public void TheRootFilesystemIsCleanAndConfiguredAsTheSpecSays()
    {
        var (raw, partitions) = Raw("sda");
        var offset = partitions[0].GetProperty("start").GetInt64() * 512;
        var device = $"{raw}?offset={offset}";

        var check = ExternalTool.Run("e2fsck", "-fn", device);
        Assert.True(check.ExitCode == 0, $"e2fsck -fn: {check.Output}{check.Error}");
        string Cat(string path) => ExternalTool.Ok("debugfs", "-R", $"cat {path}", device);
        Assert.Contains("TINY-APPLIANCE-READY", Cat("/etc/init.d/S90marker"));
        Assert.Equal("tiny\n", Cat("/etc/hostname"));
        var shadow = Cat("/etc/shadow");
        Assert.Matches(@"(?m)^root:\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}:", shadow);
        Assert.Matches(@"(?m)^appliance:\$6\$", shadow);
        var buildDay = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(long.Parse(TinyBuild.Epoch, System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime);
        PasswordAging.AssertNotExpired(Cat("/etc/passwd"), shadow, "root", buildDay);
        PasswordAging.AssertNotExpired(Cat("/etc/passwd"), shadow, "appliance", buildDay);
        Assert.Matches(@"(?m)^appliance:x:1000:1000:", Cat("/etc/passwd"));
        Assert.Matches(@"(?m)^users:x:100:appliance$", Cat("/etc/group"));
        var uuid = ExternalTool.Ok("blkid", "-p", "-O", offset.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "value", "-s", "UUID", raw).Trim();
        Assert.Contains($"UUID={uuid}\t/\text4", Cat("/etc/fstab"));
        Assert.Contains("Inode: 2 ", ExternalTool.Ok("debugfs", "-R", "stat /", device));
        var home = ExternalTool.Ok("debugfs", "-R", "stat /home/appliance", device);
        Assert.Contains("User:  1000   Group:  1000", home);
        var times = ExternalTool.Ok("debugfs", "-R", "stat /etc/passwd", device);
        Assert.Contains($"ctime: 0x{long.Parse(TinyBuild.Epoch):x8}:00000000", times);
    }

    [Fact]
    public void BootDisksHoldTheirLoaders()
    {
        var (bios, biosPartitions) = Raw("boot-bios");
        Assert.Equal("e", biosPartitions[0].GetProperty("type").GetString());
        Assert.True(biosPartitions[0].GetProperty("bootable").GetBoolean());
        Assert.Equal(File.ReadAllBytes("/usr/lib/syslinux/mbr/mbr.bin")[..440], File.ReadAllBytes(bios)[..440]);
        var biosFiles = ExternalTool.Ok("mdir", "-a", "-b", "-i", $"{bios}@@1M", "::/");
        Assert.Contains("LDLINUX.SYS", biosFiles.ToUpperInvariant());
        Assert.Contains("root=UUID=", ExternalTool.Ok("mtype", "-i", $"{bios}@@1M", "::/syslinux.cfg"));

        var (efi, efiPartitions) = Raw("boot-efi");
        Assert.Equal("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", efiPartitions[0].GetProperty("type").GetString());
        Assert.Equal(File.ReadAllBytes("/usr/lib/systemd/boot/efi/systemd-bootx64.efi").Length,
            long.Parse(ExternalTool.Ok("mdir", "-i", $"{efi}@@1M", "::/EFI/BOOT/BOOTX64.EFI").Split('\n').First(l => l.StartsWith("BOOTX64", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));
        Assert.Contains("options root=UUID=", ExternalTool.Ok("mtype", "-i", $"{efi}@@1M", "::/loader/entries/appliance.conf"));
    }

    [Fact]
    public void TheSameSeedAndEpochGiveByteIdenticalDisks()
    {
        var again = build.Scratch("again");
        var other = build.Scratch("other-seed");
        build.Build(again, TinyBuild.Seed);
        build.Build(other, "another seed");

        foreach (var file in Directory.GetFiles(build.Output).Select(Path.GetFileName))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(build.Output, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again, file!))), $"{file} differs between two builds");
        }

        Assert.False(File.ReadAllBytes(Disk("sda")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, "tiny-sda.qcow2"))));
    }

    public static TheoryData<string> WritableFormats() => [.. DiskImages.DiskFormat.Writable.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(WritableFormats))]
    public void TheSameSeedAndEpochGiveByteIdenticalDisksInEveryFormat(string format)
    {
        var first = build.Scratch($"{format}-1");
        var second = build.Scratch($"{format}-2");
        build.Build(first, TinyBuild.Seed, format);
        build.Build(second, TinyBuild.Seed, format);
        var files = Directory.GetFiles(first).Select(Path.GetFileName).ToList();
        Assert.Equal(4, files.Count);
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(first, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, file!))), $"{file} ({format}) differs between two builds with the same seed and epoch");
        }
    }

    [Fact]
    public void OneFirmwareWithAnEspBootsFromASingleDisk()
    {
        var spec = build.Scratch("one-disk.ks");
        File.WriteAllText(spec, File.ReadAllText(build.Spec)
            .Replace("part / --size=24", "part /boot/efi --size=40 --fstype=efi\npart / --size=24", StringComparison.Ordinal)
            .Replace("firmware bios efi", "firmware efi", StringComparison.Ordinal)
            .Replace("name tiny", "name tiny-esp", StringComparison.Ordinal));
        var output = build.Scratch("one-disk");
        var built = build.Run(null, "build", spec, "-o", output, "--format", "raw");
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
        Assert.Equal(["tiny-esp-sda.raw", "tiny-esp.xml"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var fstab = ExternalTool.Ok("debugfs", "-R", "cat /etc/fstab", $"{Path.Combine(output, "tiny-esp-sda.raw")}?offset={41 << 20}");
        Assert.Matches(@"UUID=[0-9A-F]{4}-[0-9A-F]{4}\t/boot/efi\tvfat", fstab);

        var root = Path.Combine(build.StateHome, "virt-appliance", "libvirt");
        var deployed = build.Run(null, "deploy", Path.Combine(output, "tiny-esp.xml"), "--name", "tiny-esp",
            "--connect", $"qemu:///embed?root={root}", "--wait-for", "TINY-APPLIANCE-READY hostname=tiny root=/dev/vda2", "--timeout", "150");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}{deployed.Output}");
        }
        finally
        {
            build.Run(null, "undeploy", "tiny-esp", "--purge", "--force");
        }
    }

    [Fact]
    public void GrubBootsTheBiosVariantFromTheVfatBootPartition()
    {
        var spec = build.Scratch("grub.ks");
        File.WriteAllText(spec, File.ReadAllText(build.Spec)
            .Replace("--disklabel=gpt", "--disklabel=msdos", StringComparison.Ordinal)
            .Replace("part / --size=24", "part /boot --size=40 --fstype=vfat\npart / --size=24", StringComparison.Ordinal)
            .Replace("bootloader --timeout=0", "bootloader --loader=grub --timeout=0", StringComparison.Ordinal)
            .Replace("firmware bios efi", "firmware bios", StringComparison.Ordinal)
            .Replace("name tiny", "name tiny-grub", StringComparison.Ordinal));
        var output = build.Scratch("grub");
        var built = build.Run(null, "build", spec, "-o", output, "--format", "raw");
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
        var disk = Path.Combine(output, "tiny-grub-sda.raw");
        var mbr = File.ReadAllBytes(disk).AsSpan(0, 512).ToArray();
        Assert.Equal(File.ReadAllBytes("/usr/lib/grub/i386-pc/boot.img")[..0x5c], mbr[..0x5c]);
        Assert.Equal(1UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(mbr.AsSpan(0x5c)));
        var config = ExternalTool.Ok("mtype", "-i", $"{disk}@@1M", "::/grub/grub.cfg");
        Assert.Matches(@"linux /vmlinuz root=UUID=[0-9a-f-]{36} ro console=tty0 console=ttyS0,115200 memhp_default_state=online quiet panic=-1", config);
        Assert.Contains("normal.mod", ExternalTool.Ok("mdir", "-b", "-i", $"{disk}@@1M", "::/grub/i386-pc"));
        var defaults = ExternalTool.Ok("debugfs", "-R", "cat /etc/default/grub", $"{disk}?offset={41 << 20}");
        Assert.Contains("GRUB_CMDLINE_LINUX=\"console=tty0 console=ttyS0,115200 memhp_default_state=online quiet panic=-1\"", defaults);
        Assert.Contains("GRUB_TERMINAL=\"serial console\"", defaults);

        var root = Path.Combine(build.StateHome, "virt-appliance", "libvirt");
        var deployed = build.Run(null, "deploy", Path.Combine(output, "tiny-grub.xml"), "--name", "tiny-grub",
            "--connect", $"qemu:///embed?root={root}", "--wait-for", "TINY-APPLIANCE-READY hostname=tiny root=/dev/vda2", "--timeout", "150");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}{deployed.Output}");
            Assert.Contains("Booting `tiny-grub 1.0'", File.ReadAllText(Path.Combine(build.StateHome, "virt-appliance", "instances", "tiny-grub", "console.log")));
        }
        finally
        {
            build.Run(null, "undeploy", "tiny-grub", "--purge", "--force");
        }
    }

    [Theory]
    [InlineData("bios")]
    [InlineData("efi")]
    public void BootsUnderQemuToItsMarker(string variant)
    {
        var root = Path.Combine(build.StateHome, "virt-appliance", "libvirt");
        var name = "tiny-" + variant;
        var deployed = build.Run(null, "deploy", Path.Combine(build.Output, "tiny.xml"), "--boot", variant, "--name", name,
            "--connect", $"qemu:///embed?root={root}", "--wait-for", "TINY-APPLIANCE-READY hostname=tiny", "--timeout", "150");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}{deployed.Output}");
            var console = File.ReadAllText(Path.Combine(build.StateHome, "virt-appliance", "instances", name, "console.log"));
            Assert.Contains("TINY-APPLIANCE-READY hostname=tiny root=/dev/vdb1", console);
            Assert.True(ApplianceCommand.WaitForText(Path.Combine(build.StateHome, "virt-appliance", "instances", name, "console.log"), "tiny login:", TimeSpan.FromSeconds(60)));
        }
        finally
        {
            build.Run(null, "undeploy", name, "--purge", "--force");
        }
    }
}
