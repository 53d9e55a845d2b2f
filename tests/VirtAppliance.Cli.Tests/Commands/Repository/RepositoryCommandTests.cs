using System.Text.Json;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Repository;

/// <summary>key generate, publish, search, info, pull and cache through the command line, on a folder repository.</summary>
[Trait("Category", "Fast")]
[Collection(ScopedEnvironment.Collection)]
public sealed class RepositoryCommandTests
{
    [Fact]
    public void Publish_search_info_and_pull_through_the_commands()
    {
        using var folder = new TempDirectory();
        using var environment = new ScopedEnvironment(("XDG_CACHE_HOME", folder.File("cache")), ("XDG_STATE_HOME", folder.File("state")), ("XDG_CONFIG_HOME", folder.File("config")));
        File.WriteAllBytes(folder.File("disk.img"), new byte[1 << 20]);
        File.WriteAllText(folder.File("app.xml"), """
            <image><name version="3.1">cli-app</name><label>From the CLI</label>
              <domain><boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os><drive disk="disk.img" target="hda"/></boot></domain>
              <storage><disk file="disk.img"/></storage></image>
            """);
        var repo = folder.File("repo");
        Assert.Equal(0, CliRunner.Run("key", "generate", folder.File("key")).ExitCode);
        Assert.Equal(73, CliRunner.Run("key", "generate", folder.File("key")).ExitCode);
        var published = CliRunner.Run("publish", folder.File("app.xml"), "--repo", repo, "--key", folder.File("key"), "--json");
        Assert.Equal(0, published.ExitCode);
        Assert.True(JsonDocument.Parse(published.Output).RootElement.GetProperty("signed").GetBoolean());

        var found = CliRunner.Run("search", "CLI", "--repo", repo, "--key", folder.File("key.pub"), "--json");
        Assert.Equal(0, found.ExitCode);
        Assert.Equal("cli-app", JsonDocument.Parse(found.Output).RootElement[0].GetProperty("name").GetString());
        Assert.Equal(76, CliRunner.Run("search", "--repo", repo).ExitCode);

        var info = CliRunner.Run("info", "cli-app:3.1", "--repo", repo, "--key", folder.File("key.pub"));
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("disk disk.img", info.Output);
        Assert.Equal(66, CliRunner.Run("info", "cli-app:9", "--repo", repo, "--key", folder.File("key.pub")).ExitCode);

        var host = Path.Combine(AppContext.BaseDirectory, "Hosts", "tcg-only-x86_64.xml");
        var pulled = CliRunner.Run("pull", "cli-app", "--repo", repo, "--key", folder.File("key.pub"), "--capabilities", host, "-o", folder.File("out"), "--json");
        Assert.Equal(0, pulled.ExitCode);
        var result = JsonDocument.Parse(pulled.Output).RootElement;
        Assert.Equal("boot0", result.GetProperty("variant").GetString());
        Assert.Equal(new byte[1 << 20], File.ReadAllBytes(folder.File("out/disk.img")));
        Assert.Equal(69, CliRunner.Run("pull", "cli-app", "--repo", repo, "--key", folder.File("key.pub"), "--capabilities", Path.Combine(AppContext.BaseDirectory, "Hosts", "aarch64-kvm.xml")).ExitCode);
    }
}
