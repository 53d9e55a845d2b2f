using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Packaging;

/// <summary>What scripts/setup.sh installed on this machine: man finds the pages, bash and zsh load the completion.</summary>
[Trait("Category", "Tools")]
public sealed class InstalledBySetupTests
{
    [Theory]
    [InlineData("virt-appliance")]
    [InlineData("virt-appliance-image")]
    [InlineData("virt-appliance-deploy")]
    public void Man_finds_the_page(string page)
    {
        var path = ExternalTool.Ok("man", "-w", page).Trim();
        Assert.EndsWith($"/man1/{page}.1", path);
        Assert.Contains("\\- ", File.ReadAllText(path));
    }

    [Fact]
    public void Bash_completion_loads_the_script_on_demand()
    {
        const string script = """
            source /usr/share/bash-completion/bash_completion
            _completion_loader virt-appliance
            complete -p virt-appliance
            """;
        Assert.Contains("-F _virt_appliance virt-appliance", ExternalTool.Ok("bash", "-c", script));
    }

    [Fact]
    public void Zsh_completion_is_on_the_function_path()
    {
        const string script = """
            autoload -U compinit && compinit -u -d "$1/zcompdump"
            print -r -- ${_comps[virt-appliance]}
            """;
        using var folder = new TempDirectory();
        Assert.Equal("_virt-appliance", ExternalTool.Ok("zsh", "-f", "-c", script, "zsh", folder.Path).Trim());
    }
}
