using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Completion;

/// <summary>
/// Tab completion as bash runs it: the script of 'completion bash' sourced, its function called with COMP_LINE,
/// COMP_POINT, COMP_WORDS and COMP_CWORD set as readline sets them, COMPREPLY read back.
/// </summary>
[Trait("Category", "Fast")]
public sealed class CompletionTests : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly string script;

    public CompletionTests()
    {
        script = folder.File("virt-appliance.bash");
        File.WriteAllText(script, Ok("completion", "bash"));
        foreach (var instance in new[] { "web-1", "web-2", "db" })
        {
            Directory.CreateDirectory(Path.Combine(folder.File("state"), "virt-appliance", "instances", instance));
        }

        Directory.CreateDirectory(Path.Combine(folder.File("config"), "virt-appliance"));
        File.WriteAllText(Path.Combine(folder.File("config"), "virt-appliance", "hosts.yaml"), "rack1:\n  uri: qemu+ssh://root@rack1/system\nrack2:\n  uri: qemu+ssh://root@rack2/system\n");
        Directory.CreateDirectory(folder.File("work/specs"));
        File.WriteAllText(folder.File("work/lamp.ks"), "");
        File.WriteAllText(folder.File("work/lamp.xml"), "");
        File.WriteAllText(folder.File("work/notes.txt"), "");
    }

    [Fact]
    public void Commands_and_subcommands_complete_from_the_tree()
    {
        Assert.Equal(["start", "status", "stop"], Complete("st"));
        Assert.Equal(["check", "compare", "convert", "create"], Complete("image c"));
        Assert.DoesNotContain("__complete", Complete(""));
        Assert.Contains("completion", Complete(""));
    }

    [Fact]
    public void Options_are_offered_only_after_a_dash_and_values_after_their_option()
    {
        Assert.DoesNotContain(Complete("image convert "), word => word.StartsWith('-'));
        var options = Complete("image convert -");
        Assert.Contains("-O", options);
        Assert.Contains("--compression", options);
        Assert.DoesNotContain("-?", options);
        Assert.Equal(["qcow2"], Complete("image convert -O q"));
        Assert.Equal(["json"], Complete("image info --output j"));
        Assert.Equal(["json"], Complete("image info --output=j"));
        Assert.Equal(["bash", "zsh"], Complete("completion "));
    }

    [Fact]
    public void Instance_and_host_names_come_from_the_users_state()
    {
        Assert.Equal(["db", "web-1", "web-2"], Complete("stop "));
        Assert.Equal(["web-1", "web-2"], Complete("console w"));
        Assert.Equal(["rack1", "rack2"], Complete("hosts remove "));
        Assert.Equal(["rack1", "rack2"], Complete("migrate web-1 --to r"));
    }

    [Fact]
    public void File_arguments_offer_folders_and_files_of_their_extension()
    {
        Assert.Equal(["lamp.ks", "specs/"], Complete("build ", "work"));
        Assert.Equal(["lamp.xml", "specs/"], Complete("deploy ", "work"));
        Assert.Equal(["work/lamp.xml"], Complete("validate work/l"));
    }

    [Fact]
    public void Help_names_the_values_instead_of_listing_what_completion_would_offer()
    {
        var build = Run(folder.File("work"), "build", "--help").Output;
        Assert.Contains("<SPEC>", build);
        Assert.DoesNotContain("lamp.ks", build);
        Assert.Contains("<NAME>", Run(folder.Path, "stop", "--help").Output);
        Assert.DoesNotContain("web-1", Run(folder.Path, "stop", "--help").Output);
    }

    [Fact]
    public void A_line_the_parser_cannot_complete_offers_nothing_and_exits_zero()
    {
        var result = Run(folder.Path, "__complete", "virt-appliance image info --output=");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
    }

    public void Dispose() => folder.Dispose();

    /// <summary>
    /// What the zsh function hands compadd (or that it falls back to _files), with both stubbed to print their
    /// arguments: words, CURRENT and PREFIX set as zsh's completion system sets them.
    /// </summary>
    internal string[] CompleteInZsh(string typed, string workingFolder)
    {
        const string driver = """
            compadd() { print -rl -- "$@" }
            _files() { print -r -- "(_files)" }
            source "$1"
            words=(${(z)2})
            [[ $2 == *' ' ]] && words+=('')
            CURRENT=${#words}
            PREFIX=${words[CURRENT]}
            _virt-appliance
            """;
        var zshScript = folder.File("_virt-appliance");
        File.WriteAllText(zshScript, Ok("completion", "zsh"));
        var result = ExternalTool.Run(new ExternalTool.Invocation("zsh", ["-f", "-c", driver, "driver", zshScript, $"{ApplianceCommand.Executable} {typed}"])
        {
            Folder = folder.File(workingFolder),
            Environment = Environment(),
            Limit = TimeSpan.FromSeconds(60),
        });
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>COMPREPLY after Tab at the end of "virt-appliance <paramref name="typed"/>", typed in <paramref name="workingFolder"/>.</summary>
    private string[] Complete(string typed, string? workingFolder = null)
    {
        const string driver = """
            source "$1"
            COMP_LINE="$2"
            COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _virt_appliance
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var line = $"{ApplianceCommand.Executable} {typed}";
        var result = ExternalTool.Run(new ExternalTool.Invocation("bash", ["-c", driver, "driver", script, line])
        {
            Folder = workingFolder is null ? folder.Path : folder.File(workingFolder),
            Environment = Environment(),
            Limit = TimeSpan.FromSeconds(60),
        });
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["XDG_STATE_HOME"] = folder.File("state"),
        ["XDG_CONFIG_HOME"] = folder.File("config"),
    };

    private ExternalTool.Result Run(string workingFolder, params string[] arguments) =>
        ExternalTool.Run(new ExternalTool.Invocation(ApplianceCommand.Executable, arguments) { Folder = workingFolder, Environment = Environment(), Limit = TimeSpan.FromSeconds(60) });

    private string Ok(params string[] arguments)
    {
        var result = Run(folder.Path, arguments);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }
}
