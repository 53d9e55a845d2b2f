using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests;

/// <summary>
/// The command scripts/setup.sh publishes (compiled ahead of time) is what users run. The tests that run the command as a
/// process run it too when scripts/test.sh sets VIRT_APPLIANCE_COMMAND; this one always does: formats, JSON, descriptors, hosts.
/// </summary>
[Trait("Category", "Tools")]
public sealed class PublishedCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_published_command_converts_describes_and_matches()
    {
        var root = ApplianceCommand.RepositoryRoot();
        var published = Path.Combine(root, "artifacts", "virt-appliance", "virt-appliance");
        Assert.True(File.Exists(published), $"{published} is missing: run scripts/setup.sh (the README's commands do)");
        using var folder = new TempDirectory();
        ApplianceCommand.Result Run(params string[] arguments)
        {
            var result = ApplianceCommand.Run(folder.File("state"), null, arguments, Limit, published);
            Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
            return result;
        }

        var raw = folder.File("disk.raw");
        using (var file = File.Create(raw))
        {
            file.SetLength(32 << 20);
            file.Position = 1 << 20;
            file.Write(System.Text.Encoding.ASCII.GetBytes("published command"));
        }

        var qcow2 = folder.File("disk.qcow2");
        Run("image", "convert", "-O", "qcow2", "-c", "--compression", "zstd", raw, qcow2);
        ExternalTool.AssertCleanCheck(qcow2);
        ExternalTool.AssertIdentical(raw, qcow2);
        var info = Run("image", "info", "--json", qcow2).Json;
        Assert.Equal("qcow2", info.GetProperty("format").GetString());
        Assert.Equal(32 << 20, info.GetProperty("virtual-size").GetInt64());

        var descriptor = Path.Combine(root, "tests", "VirtAppliance.Descriptors.Tests", "Fixtures", "multiboot.xml");
        Run("validate", descriptor);
        var capabilities = Path.Combine(root, "tests", "VirtAppliance.Hosts.Tests", "Fixtures", "tcg-only-x86_64.xml");
        var host = Run("check", descriptor, "--capabilities", capabilities, "--json").Json.GetProperty("hosts")[0];
        Assert.Equal("boot2", host.GetProperty("chosen-id").GetString());
        Assert.Contains("no Xen paravirt", host.GetProperty("variants")[0].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }
}
