using System.Text.Json;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Check;

[Trait("Category", "Vm")]
public sealed class CheckAndValidateCommandTests
{
    private static string Descriptor(string name) => Path.Combine(AppContext.BaseDirectory, "Descriptors", name);

    private static string Host(string name) => Path.Combine(AppContext.BaseDirectory, "Hosts", name);

    [Fact]
    public void CheckJsonListsEveryVariantOnEveryHost()
    {
        var result = CliRunner.Run("check", Descriptor("multiboot.xml"), "--capabilities", Host("xen-pv-hvm.xml"),
            "--capabilities", Host("tcg-only-x86_64.xml"), "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("ovirt-wui", json.RootElement.GetProperty("appliance").GetProperty("name").GetString());
        var hosts = json.RootElement.GetProperty("hosts").EnumerateArray().ToList();
        Assert.Equal(Host("xen-pv-hvm.xml"), hosts[0].GetProperty("host").GetString());
        Assert.Equal(0, hosts[0].GetProperty("chosen").GetInt32());
        Assert.Equal(2, hosts[1].GetProperty("chosen").GetInt32());
        var variants = hosts[1].GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(3, variants.Count);
        Assert.False(variants[0].GetProperty("runs").GetBoolean());
        Assert.True(variants[2].GetProperty("runs").GetBoolean());
        Assert.True(variants[2].GetProperty("emulated").GetBoolean());
        Assert.Contains("no Xen paravirt", variants[0].GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public void CheckAsksLibvirtForTheCapabilitiesOfAConnection()
    {
        // libvirt's own test driver: Xen PV and HVM i686 guests with PAE, domain type "test".
        var result = CliRunner.Run("check", Descriptor("multiboot.xml"), "--connect", "test:///default", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var host = json.RootElement.GetProperty("hosts")[0];
        Assert.Equal("test:///default", host.GetProperty("host").GetString());
        var chosen = host.GetProperty("variants")[host.GetProperty("chosen").GetInt32()];
        Assert.Equal("test", chosen.GetProperty("domain-type").GetString());
        Assert.False(chosen.GetProperty("emulated").GetBoolean());
    }

    [Fact]
    public void CheckExitsOneWhenAHostRunsNoVariantAndNeedsNoDiskFiles()
    {
        var result = CliRunner.Run("check", Descriptor("appliance-creator.xml"), "--capabilities", Host("aarch64-kvm.xml"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no variant runs here", result.Output);
        Assert.Contains("needs a hvm i686 guest", result.Output);
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "Descriptors", "fedora-lamp-sda.raw")));
    }

    [Fact]
    public void CheckHonoursBootOverrideAndRejectsUnknownVariants()
    {
        var chosen = CliRunner.Run("check", Descriptor("multiboot.xml"), "--capabilities", Host("xen-pv-hvm.xml"), "--boot", "boot2", "--json");
        using (var json = JsonDocument.Parse(chosen.Output))
        {
            Assert.Equal(2, json.RootElement.GetProperty("hosts")[0].GetProperty("chosen").GetInt32());
        }

        var unknown = CliRunner.Run("check", Descriptor("multiboot.xml"), "--capabilities", Host("xen-pv-hvm.xml"), "--boot", "nope");
        Assert.Equal(64, unknown.ExitCode);
        Assert.Contains("names no variant", unknown.Error);
    }

    [Fact]
    public void CheckProbesTheLocalHostByDefault()
    {
        var result = CliRunner.Run("check", Descriptor("extended.xml"), "--json");
        using var json = JsonDocument.Parse(result.Output);
        var host = json.RootElement.GetProperty("hosts")[0];
        Assert.Equal("local", host.GetProperty("host").GetString());
        Assert.Contains(host.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("KVM:", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateReportsFileLineAndColumn()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.xml");
        File.WriteAllText(path, "<image>\n  <name>x</name>\n  <domain><boot type='hvm'><guest><arch>x86_64</arch></guest><drive disk='gone'/></boot></domain>\n  <storage><disk file='../escape.raw'/></storage>\n</image>\n");
        var result = CliRunner.Run("validate", path);
        Assert.Equal(65, result.ExitCode);
        Assert.Contains($"{path}:3:", result.Output);
        Assert.Contains($"{path}:4:", result.Output);
        Assert.Contains("escapes the descriptor's folder", result.Output);

        var valid = CliRunner.Run("validate", "--json", Descriptor("extended.xml"));
        Assert.Equal(0, valid.ExitCode);
        using var json = JsonDocument.Parse(valid.Output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("schema").GetInt32());
    }

    [Fact]
    public void ValidatePrintsTheShippedSchema()
    {
        var result = CliRunner.Run("validate", "--schema");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("<xs:schema", result.Output);
    }
}
