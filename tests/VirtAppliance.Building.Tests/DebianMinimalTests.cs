using System.Text.Json;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Building.Tests;

/// <summary>examples/debian-minimal.ks: Debian 12 from packages through mmdebstrap, built and booted to a login prompt under QEMU.</summary>
[Collection(TinyBuildCollection.Name)]
[Trait("Category", "Vm")]
public sealed class DebianMinimalTests(TinyBuild build)
{
    [Fact]
    public void BuildsFromPackagesAndBootsToALoginPrompt()
    {
        var spec = Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "debian-minimal.ks");
        var output = build.Scratch("debian");
        var built = build.Run(null, "build", spec, "-o", output, "--json");
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}{built.Output}");
        Assert.Equal(["bios"], built.Json.GetProperty("variants").EnumerateArray().Select(v => v.GetString()));
        var disk = Assert.Single(built.Json.GetProperty("disks").EnumerateArray().ToArray()).GetProperty("file").GetString()!;
        ExternalTool.AssertCleanCheck(disk);

        var raw = build.Scratch("debian.raw");
        ExternalTool.QemuImg("convert", "-O", "raw", disk, raw);
        var partitions = JsonDocument.Parse(ExternalTool.Ok("sfdisk", "--json", raw)).RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray().ToArray();
        Assert.True(partitions[0].GetProperty("bootable").GetBoolean());
        var root = $"{raw}?offset={partitions[1].GetProperty("start").GetInt64() * 512}";
        var check = ExternalTool.Run("e2fsck", "-fn", root);
        Assert.True(check.ExitCode == 0, $"e2fsck -fn: {check.Output}{check.Error}");
        Assert.Contains("Type: character special", ExternalTool.Ok("debugfs", "-R", "stat /dev/null", root));
        Assert.Contains("Group:    43", ExternalTool.Ok("debugfs", "-R", "stat /var/log/btmp", root));
        Assert.Contains("vmlinuz-", ExternalTool.Ok("mdir", "-b", "-i", $"{raw}@@1M", "::/"));
        File.Delete(raw);

        var embedded = Path.Combine(build.StateHome, "virt-appliance", "libvirt");
        var deployed = build.Run(null, "deploy", Path.Combine(output, "debian-minimal.xml"), "--name", "debian-minimal",
            "--connect", $"qemu:///embed?root={embedded}", "--wait-for", "debian-minimal login:", "--timeout", "240");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}{deployed.Output}");
            var console = File.ReadAllText(Path.Combine(build.StateHome, "virt-appliance", "instances", "debian-minimal", "console.log"));
            Assert.Contains("Debian GNU/Linux 12 debian-minimal ttyS0", console);
            Assert.DoesNotContain("FAILED", console);
        }
        finally
        {
            build.Run(null, "undeploy", "debian-minimal", "--purge", "--force");
        }
    }
}
