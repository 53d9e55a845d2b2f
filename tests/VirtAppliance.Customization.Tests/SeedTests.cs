using System.Text.Json;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>First-boot mode: recipes compiled into cloud-init NoCloud seeds, read back by isoinfo, blkid and mtools.</summary>
[Trait("Category", "Tools")]
public sealed class SeedTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private ApplianceCommand.Result Seed(string yaml, params string[] extra)
    {
        var recipe = folder.File("recipe.yaml");
        File.WriteAllText(recipe, yaml);
        return ApplianceCommand.Run(folder.File("state"), new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" },
            ["seed", "--recipe", recipe, .. extra], TimeSpan.FromSeconds(60));
    }

    private const string Recipe = """
        - hostname: ${hostname}
        - write: {path: /etc/motd, content: "hello\n", mode: "0600"}
        - user: {name: alice, groups: [wheel], ssh-keys: ["ssh-ed25519 AAAAC3 alice@seed"]}
        - mkdir: {path: /srv/data, mode: "0750"}
        - firstboot: {name: hello, command: "echo FIRST"}
        - everyboot: {name: tick, command: "echo EVERY"}
        """;

    [Fact]
    public void AnIsoSeedHasJolietRockRidgeTheCidataLabelAndTheCloudConfig()
    {
        var iso = folder.File("web1.iso");
        var result = Seed(Recipe, "-o", iso);

        Assert.True(result.ExitCode == 0, result.Error);
        var volume = ExternalTool.Ok("isoinfo", "-d", "-i", iso);
        Assert.Contains("Volume id: cidata", volume);
        Assert.Contains("Joliet with UCS level 3 found", volume);
        Assert.Contains("Rock Ridge signatures version 1 found", volume);
        Assert.Contains("LABEL=\"cidata\"", ExternalTool.Ok("blkid", "-p", iso));
        var rockRidge = ExternalTool.Ok("isoinfo", "-R", "-l", "-i", iso);
        Assert.Matches(@"-rw-r--r--.*meta-data", rockRidge);
        Assert.Contains("user-data", ExternalTool.Ok("isoinfo", "-J", "-l", "-i", iso));

        var meta = JsonDocument.Parse(ExternalTool.Ok("isoinfo", "-R", "-x", "/meta-data", "-i", iso)).RootElement;
        Assert.StartsWith("iid-web1-", meta.GetProperty("instance-id").GetString());
        Assert.Equal("web1", meta.GetProperty("local-hostname").GetString());
        var userData = ExternalTool.Ok("isoinfo", "-R", "-x", "/user-data", "-i", iso);
        Assert.StartsWith("#cloud-config\n", userData);
        var config = JsonDocument.Parse(userData["#cloud-config\n".Length..]).RootElement;
        Assert.Equal("web1", config.GetProperty("hostname").GetString());
        var alice = config.GetProperty("users")[1];
        Assert.Equal(("alice", "wheel", "ssh-ed25519 AAAAC3 alice@seed"), (alice.GetProperty("name").GetString(), alice.GetProperty("groups").GetString(), alice.GetProperty("ssh_authorized_keys")[0].GetString()));
        var motd = config.GetProperty("write_files")[0];
        Assert.Equal(("/etc/motd", "0600", "hello\n"), (motd.GetProperty("path").GetString(), motd.GetProperty("permissions").GetString(), System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(motd.GetProperty("content").GetString()!))));
        Assert.Contains("echo EVERY", config.GetProperty("bootcmd")[0][2].GetString());
        var runcmd = config.GetProperty("runcmd");
        Assert.Equal("mkdir -p '/srv/data' && chmod 0750 '/srv/data'", runcmd[0].GetString());
        Assert.Contains("echo FIRST", runcmd[1][2].GetString());
    }

    [Fact]
    public void TheSameRecipeAndEpochGiveTheSameSeed()
    {
        Assert.Equal(0, Seed(Recipe, "-o", folder.File("a.iso"), "--name", "x").ExitCode);
        Assert.Equal(0, Seed(Recipe, "-o", folder.File("b.iso"), "--name", "x").ExitCode);

        Assert.Equal(File.ReadAllBytes(folder.File("a.iso")), File.ReadAllBytes(folder.File("b.iso")));
    }

    [Fact]
    public void AVfatSeedCarriesTheLabelInTheBootSectorAndTheRootFolder()
    {
        var image = folder.File("seed.img");
        var result = Seed(Recipe, "-o", image, "--vfat");

        Assert.True(result.ExitCode == 0, result.Error);
        var probe = ExternalTool.Ok("blkid", "-p", image);
        Assert.Contains("LABEL=\"CIDATA\"", probe);
        Assert.Contains("TYPE=\"vfat\"", probe);
        Assert.Contains("Volume label is CIDATA", ExternalTool.Ok("mlabel", "-i", image, "-s", "::"));
        Assert.Contains("#cloud-config", ExternalTool.Ok("mtype", "-i", image, "::/user-data"));
    }

    [Fact]
    public void OperationsThatNeedTheImageAreRefusedByLine()
    {
        var result = Seed("- hostname: web\n- patch: {path: /etc/group, diff: \"@@ -1 +1 @@\\n-a\\n+b\\n\"}\n", "-o", folder.File("x.iso"));

        Assert.Equal(65, result.ExitCode);
        Assert.Contains("recipe.yaml:2: patch is applied offline only", result.Error);
        Assert.False(File.Exists(folder.File("x.iso")));
    }

    public void Dispose() => folder.Dispose();
}
