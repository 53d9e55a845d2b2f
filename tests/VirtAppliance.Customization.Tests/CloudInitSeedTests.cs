using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>
/// First-boot mode for real: examples/debian-cloud.ks (Debian 12 with cloud-init) deployed with --recipe-mode seed;
/// cloud-init reads the natively written ISO seed from the CD-ROM and applies it, as the serial console shows.
/// </summary>
[Collection(TinyImageCollection.Name)]
[Trait("Category", "Vm")]
public sealed class CloudInitSeedTests(TinyImage tiny) : IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void CloudInitAppliesTheSeedAtFirstBoot()
    {
        var built = tiny.Run("build", Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "debian-cloud.ks"), "-o", folder.File("debian"));
        Assert.True(built.ExitCode == 0, $"build exited {built.ExitCode}:\n{built.Error}");
        var recipe = folder.File("seed.yaml");
        File.WriteAllText(recipe, """
            - hostname: ${hostname}
            - write: {path: /etc/motd, content: "seeded\n"}
            - user: {name: alice, shell: /bin/sh, ssh-keys: ["ssh-ed25519 AAAAC3 alice@seed"]}
            - firstboot: {name: report, script: "echo CLOUD-INIT-SEED-DONE host=$(hostname) motd=$(cat /etc/motd) alice=$(id -un alice)"}
            """);
        var name = "cloud-seeded";
        var embedded = Path.Combine(tiny.StateHome, "virt-appliance", "libvirt");

        var deployed = tiny.Run("deploy", folder.File("debian/debian-cloud.xml"), "--name", name, "--recipe", recipe, "--recipe-mode", "seed",
            "--connect", $"qemu:///embed?root={embedded}", "--wait-for", "CLOUD-INIT-SEED-DONE", "--timeout", "420");
        try
        {
            Assert.True(deployed.ExitCode == 0, $"deploy exited {deployed.ExitCode}:\n{deployed.Error}");
            var log = Path.Combine(tiny.StateHome, "virt-appliance", "instances", name, "console.log");
            Assert.Contains($"CLOUD-INIT-SEED-DONE host={name} motd=seeded alice=alice", File.ReadAllText(log));

            // cloud-init prints its summary line just after the scripts' output, which deploy --wait-for stopped at.
            Assert.True(ApplianceCommand.WaitForText(log, "Datasource DataSourceNoCloud", TimeSpan.FromSeconds(60)), "cloud-init did not finish");
            Assert.Matches(@"Datasource DataSourceNoCloud \[seed=[^\]]*/dev/sr0", File.ReadAllText(log));
        }
        finally
        {
            tiny.Run("undeploy", name, "--purge", "--force");
        }
    }

    public void Dispose() => folder.Dispose();
}
