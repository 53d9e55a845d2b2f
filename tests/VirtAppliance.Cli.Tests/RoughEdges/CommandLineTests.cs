using System.CommandLine;
using System.Text.Json;
using VirtAppliance.Cli.Output;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.RoughEdges;

/// <summary>What a new user typed and tripped over (issue "Day-2 operations"): options, commands, output styles.</summary>
[Trait("Category", "Fast")]
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void An_unknown_option_is_named_instead_of_the_argument_after_it()
    {
        var result = CliRunner.Run("image", "convert", "-x", "a", "b");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown option '-x' for 'image convert'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'b'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "imge", "info", "x" }, "unknown command 'imge'; did you mean 'image'?")]
    [InlineData(new[] { "image", "convrt", "a", "b" }, "unknown command 'convrt' for 'image'; did you mean 'convert'?")]
    [InlineData(new[] { "undeplyo", "x" }, "did you mean 'undeploy'?")]
    public void A_mistyped_command_suggests_the_nearest_one(string[] args, string expected)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_takes_qemu_img_s_progress_flag_and_prints_percentages_in_a_pipe()
    {
        var source = folder.File("disk.raw");
        SampleDisk.WriteRaw(source, 4 << 20, 7);

        var result = CliRunner.Run("image", "convert", "-p", "-O", "qcow2", source, folder.File("disk.qcow2"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Output);
        Assert.EndsWith("    (100.00/100%)", result.Error.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("disk.qcow2")));
    }

    [Fact]
    public void Without_p_a_pipe_gets_no_progress()
    {
        var source = folder.File("disk.raw");
        SampleDisk.WriteRaw(source, 1 << 20, 7);

        var result = CliRunner.Run("image", "convert", "-O", "qcow2", source, folder.File("disk.qcow2"));

        Assert.Equal((0, "", ""), (result.ExitCode, result.Output, result.Error));
    }

    [Theory]
    [InlineData("--output=json")]
    [InlineData("--output", "json")]
    [InlineData("--json")]
    public void Image_commands_take_output_json_as_qemu_img_does(params string[] flag)
    {
        var image = folder.File("disk.raw");
        SampleDisk.WriteRaw(image, 2 << 20, 3);

        var result = CliRunner.Run(["image", "info", .. flag, image]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(2 << 20, json.RootElement.GetProperty("virtual-size").GetInt64());
    }

    [Fact]
    public void Sizes_are_printed_in_binary_units()
    {
        var image = folder.File("disk.raw");
        SampleDisk.WriteRaw(image, 3 << 20, 3);

        var result = CliRunner.Run("image", "info", image);

        Assert.Contains("virtual size: 3 MiB (3145728 bytes)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d (KB|MB|GB)\b", result.Output);
    }

    /// <summary>-c is compression (qemu-img's meaning) wherever it exists; the libvirt URI is --connect, long only.</summary>
    [Fact]
    public void Dash_c_means_compression_in_every_command_and_connect_is_long_only()
    {
        var options = Commands(CliApplication.Build(new CommandOutput(new StringWriter(), new StringWriter(), isTerminal: false)))
            .SelectMany(command => command.Options.Select(option => (command, option)))
            .ToList();

        Assert.Contains(options, o => o.option.Name == "-c" || o.option.Aliases.Contains("-c"));
        foreach (var (command, option) in options.Where(o => o.option.Name == "-c" || o.option.Aliases.Contains("-c")))
        {
            Assert.Contains("ompress", option.Description, StringComparison.Ordinal);
        }

        foreach (var (command, option) in options.Where(o => o.option.Name == "--connect"))
        {
            Assert.True(option.Aliases.Count == 0, $"'{command.Name} --connect' has the short aliases {string.Join(", ", option.Aliases)}");
        }
    }

    [Fact]
    public void Check_draws_a_table_with_headers_on_a_terminal_and_tab_separated_lines_in_a_pipe()
    {
        var root = ApplianceCommand.RepositoryRoot();
        var descriptor = Path.Combine(root, "tests", "VirtAppliance.Descriptors.Tests", "Fixtures", "multiboot.xml");
        var capabilities = Path.Combine(root, "tests", "VirtAppliance.Hosts.Tests", "Fixtures", "tcg-only-x86_64.xml");

        var terminal = CliRunner.RunOnTerminal("check", descriptor, "--capabilities", capabilities);
        var pipe = CliRunner.Run("check", descriptor, "--capabilities", capabilities);

        Assert.Matches(@"(?m)^│ variant\s+│ .*tcg-only", terminal.Output);
        Assert.StartsWith("variant\t", pipe.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("│", pipe.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Listings_have_headers_on_a_terminal_only()
    {
        var onTerminal = new StringWriter();
        var inPipe = new StringWriter();
        string[][] rows = [["tiny", "running"]];

        Rows.Write(new CommandOutput(onTerminal, new StringWriter(), isTerminal: true), ["name", "state"], rows);
        Rows.Write(new CommandOutput(inPipe, new StringWriter(), isTerminal: false), ["name", "state"], rows);

        Assert.Matches(@"(?s)name\s*│\s*state.*tiny\s*│\s*running", onTerminal.ToString());
        Assert.Equal("tiny\trunning\n", inPipe.ToString());
    }

    private static IEnumerable<Command> Commands(Command root) => [root, .. root.Subcommands.SelectMany(Commands)];
}
