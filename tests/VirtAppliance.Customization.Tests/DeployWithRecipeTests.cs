using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>
/// The end-to-end case of the issue: an instance of the built tiny appliance, customized offline at deploy time —
/// hostname, files from a tar, a patched /etc/group, a user with an ssh key, a first-boot script — booted under QEMU,
/// every effect seen on its serial console.
/// </summary>
[Collection(TinyImageCollection.Name)]
[Trait("Category", "Vm")]
public sealed class DeployWithRecipeTests(TinyImage tiny) : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void ACustomizedInstanceBootsWithEveryChange()
    {
        Directory.CreateDirectory(folder.File("tree/etc"));
        File.WriteAllText(folder.File("tree/etc/app.conf"), "port=8080\n");
        ExternalTool.Ok("tar", "-czf", folder.File("app.tar.gz"), "-C", folder.File("tree"), ".");
        File.WriteAllText(folder.File("group.diff"), "--- a/etc/group\n+++ b/etc/group\n@@ -1,3 +1,4 @@\n root:x:0:\n tty:x:5:\n disk:x:6:\n+wheel:x:10:root\n");
        var recipe = folder.File("instance.yaml");
        File.WriteAllText(recipe, """
            - hostname: ${hostname}
            - tar-in: {source: app.tar.gz, path: /opt/app}
            - patch: {path: /etc/group, source: group.diff}
            - user: {name: alice, groups: [wheel], shell: /bin/sh, ssh-keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2e alice@e2e"]}
            - firstboot:
                name: report
                script: |
                  echo "CHECK app=$(cat /opt/app/etc/app.conf)"
                  echo "CHECK group=$(grep '^wheel:' /etc/group)"
                  echo "CHECK user=$(grep '^alice:' /etc/passwd | cut -d: -f1,6,7)"
                  echo "CHECK key=$(cut -d' ' -f3 /home/alice/.ssh/authorized_keys)"
                  echo "FIRSTBOOT-DONE ${name}"
            """);
        var name = "custom-e2e";
        var embedded = Path.Combine(tiny.StateHome, "virt-appliance", "libvirt");

        var deployed = tiny.Run("deploy", Path.Combine(tiny.Appliance, "tiny.xml"), "--name", name, "--boot", "bios", "--recipe", recipe,
            "--connect", $"qemu:///embed?root={embedded}", "--wait-for", $"FIRSTBOOT-DONE {name}", "--timeout", "150");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}{deployed.Output}");
            var log = Path.Combine(tiny.StateHome, "virt-appliance", "instances", name, "console.log");
            // The runner reports the script finished just after the script's last line, which ended deploy's wait.
            Assert.True(ApplianceCommand.WaitForText(log, "virt-appliance firstboot: 0001-report finished", TimeSpan.FromSeconds(60)), File.ReadAllText(log));
            var console = File.ReadAllText(log).Replace("\r", "", StringComparison.Ordinal);
            Assert.Contains($"TINY-APPLIANCE-READY hostname={name}", console);
            Assert.Contains("CHECK app=port=8080", console);
            Assert.Contains("CHECK group=wheel:x:10:root,alice", console);
            Assert.Contains("CHECK user=alice:/home/alice:/bin/sh", console);
            Assert.Contains("CHECK key=alice@e2e", console);
            Assert.Contains("virt-appliance firstboot: 0001-report finished", console);
            Assert.Equal(tiny.BaseHash, TinyImage.Hash(tiny.Base));
        }
        finally
        {
            tiny.Run("undeploy", name, "--purge", "--force");
        }
    }

    [Fact]
    public void ABadRecipeStopsTheDeployBeforeAnythingIsCreated()
    {
        var recipe = folder.File("bad.yaml");
        File.WriteAllText(recipe, "- hostname: ${hostname}\n- frobnicate: /\n");
        var embedded = Path.Combine(tiny.StateHome, "virt-appliance", "libvirt");

        var deployed = tiny.Run("deploy", Path.Combine(tiny.Appliance, "tiny.xml"), "--name", "never", "--recipe", recipe, "--connect", $"qemu:///embed?root={embedded}");

        Assert.Equal(65, deployed.ExitCode);
        Assert.Contains("bad.yaml:2: frobnicate: unknown operation", deployed.Error);
        Assert.False(Directory.Exists(Path.Combine(tiny.StateHome, "virt-appliance", "instances", "never")));
    }

    [Fact]
    public void InSeedModeTheRecipeIsACloudInitSeedCdromThatUndeployRemoves()
    {
        var recipe = folder.File("seed.yaml");
        File.WriteAllText(recipe, "- hostname: ${hostname}\n- write: {path: /etc/motd, content: seeded}\n");
        var embedded = Path.Combine(tiny.StateHome, "virt-appliance", "libvirt");
        var name = "seeded";
        var folderOfInstance = Path.Combine(tiny.StateHome, "virt-appliance", "instances", name);

        var dryRun = tiny.Run("deploy", Path.Combine(tiny.Appliance, "tiny.xml"), "--name", name, "--recipe", recipe, "--recipe-mode", "seed",
            "--connect", $"qemu:///embed?root={embedded}", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Error);
        Assert.Matches(@"<disk type=""file"" device=""cdrom"">\s*<driver name=""qemu"" type=""raw"" />\s*<source file=""[^""]*/seeded/cloud-init-seed.iso"" />\s*<target dev=""hda"" bus=""ide"" />\s*<readonly />", dryRun.Output);

        var deployed = tiny.Run("deploy", Path.Combine(tiny.Appliance, "tiny.xml"), "--name", name, "--boot", "bios", "--recipe", recipe, "--recipe-mode", "seed",
            "--connect", $"qemu:///embed?root={embedded}", "--wait-for", "TINY-APPLIANCE-READY", "--timeout", "150");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}");
            var seed = Path.Combine(folderOfInstance, "cloud-init-seed.iso");
            Assert.Contains("Volume id: cidata", ExternalTool.Ok("isoinfo", "-d", "-i", seed));
            Assert.Contains("\"hostname\": \"seeded\"", ExternalTool.Ok("isoinfo", "-R", "-x", "/user-data", "-i", seed));
            Assert.Contains("TINY-APPLIANCE-READY hostname=tiny", File.ReadAllText(Path.Combine(folderOfInstance, "console.log")));
        }
        finally
        {
            tiny.Run("undeploy", name, "--purge", "--force");
        }

        Assert.False(File.Exists(Path.Combine(folderOfInstance, "cloud-init-seed.iso")));
    }

    [Fact]
    public void InSeedModeOperationsThatNeedTheImageStopTheDeployFirst()
    {
        var recipe = folder.File("patching.yaml");
        File.WriteAllText(recipe, "- hostname: web\n- patch: {path: /etc/group, diff: \"@@ -1 +1 @@\\n-a\\n+b\\n\"}\n");
        var embedded = Path.Combine(tiny.StateHome, "virt-appliance", "libvirt");

        var deployed = tiny.Run("deploy", Path.Combine(tiny.Appliance, "tiny.xml"), "--name", "never-seeded", "--recipe", recipe, "--recipe-mode", "seed",
            "--connect", $"qemu:///embed?root={embedded}");

        Assert.Equal(65, deployed.ExitCode);
        Assert.Contains("patching.yaml:2: patch is applied offline only", deployed.Error);
        Assert.False(Directory.Exists(Path.Combine(tiny.StateHome, "virt-appliance", "instances", "never-seeded")));
    }

    public void Dispose() => folder.Dispose();
}
