using System.Text.RegularExpressions;
using VirtAppliance.Cli.Commands.Manual;
using VirtAppliance.Cli.Output;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Manual;

/// <summary>The manual pages list what --help lists, command by command, and quote the exit codes of docs/exit-codes.md.</summary>
[Trait("Category", "Fast")]
public sealed partial class ManualPageTests : IDisposable
{
    /// <summary>Options every command has, described once in virt-appliance(1).</summary>
    private static readonly HashSet<string> Common = ["-?", "-h", "--help", "-v", "--verbose"];

    private readonly TempDirectory folder = new();

    public ManualPageTests()
    {
        Assert.Equal(0, CliRunner.Run("__man", folder.Path).ExitCode);
    }

    public static TheoryData<string> Commands() => new(CommandNames());

    private static IEnumerable<string> CommandNames() =>
        CliApplication.Build(new CommandOutput(TextWriter.Null, TextWriter.Null, false)).Subcommands.Where(command => !command.Hidden).Select(command => command.Name);

    [Theory]
    [MemberData(nameof(Commands))]
    public void Each_command_page_has_the_options_and_arguments_its_help_shows(string name)
    {
        var page = File.ReadAllText(folder.File($"virt-appliance-{name}.1"));
        var root = CliApplication.Build(new CommandOutput(TextWriter.Null, TextWriter.Null, false), name);
        var leaves = ManualPages.Leaves(root.Subcommands.Single(), "virt-appliance").ToList();
        Assert.NotEmpty(leaves);
        foreach (var (path, _) in leaves)
        {
            var help = CliRunner.Run([.. path.Split(' ').Skip(1), "--help"]).Output;
            var section = leaves.Count == 1 ? page : SectionOf(page, path);
            Assert.Equal(HelpOptions(help), ManOptions(section));
            Assert.Equal(HelpArguments(help), ManArguments(section));
            Assert.Contains(Unescape(path), Unescape(SynopsisOf(page)));
        }
    }

    [Fact]
    public void The_main_page_lists_every_command_and_the_general_exit_codes()
    {
        var page = File.ReadAllText(folder.File("virt-appliance.1"));
        foreach (var name in CommandNames())
        {
            Assert.Contains($".TP\n\\fB{name.Replace("-", "\\-", StringComparison.Ordinal)}\\fR\n", page);
            Assert.Contains($"\\fBvirt\\-appliance\\-{name}\\fR(1)", page);
        }

        Assert.DoesNotContain("__complete", page);
        var exitCodes = Unescape(page[page.IndexOf(".SH EXIT STATUS", StringComparison.Ordinal)..page.IndexOf(".SH ENVIRONMENT", StringComparison.Ordinal)]);
        foreach (var code in new[] { "0", "64", "65", "66", "69", "70", "73", "74", "75", "76", "77", "129", "130", "143" })
        {
            Assert.Contains($".TP\n{code}\n", exitCodes);
        }
    }

    [Fact]
    public void Command_pages_carry_their_own_exit_codes_from_the_docs()
    {
        var image = Unescape(File.ReadAllText(folder.File("virt-appliance-image.1")));
        Assert.Contains("only leaked clusters found", image);
        Assert.Contains("the format has no metadata to check", image);
        var check = Unescape(File.ReadAllText(folder.File("virt-appliance-check.1")));
        Assert.Contains("at least one host runs no variant", check);
    }

    [Fact]
    public void Text_is_escaped_for_roff()
    {
        Assert.Equal("\\&.hidden \\e \\-\\-x \\[u2014]", Roff.Escape(".hidden \\ --x —"));
        Assert.Equal("see \\fBqemu\\-img\\fR and docs", Roff.FromMarkdown("see `qemu-img` and [docs](docs/x.md)"));
        Assert.Equal("\\&'quoted", Roff.FromMarkdown("'quoted"));
    }

    public void Dispose() => folder.Dispose();

    private static string SectionOf(string page, string path)
    {
        var start = page.IndexOf($".SS \"{path.Replace("-", "\\-", StringComparison.Ordinal)}\"\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {path}");
        var end = page.IndexOfAny(['\n'], start);
        var next = page.IndexOf("\n.S", end, StringComparison.Ordinal);
        return page[start..(next < 0 ? page.Length : next)];
    }

    private static string SynopsisOf(string page) =>
        page[page.IndexOf(".SH SYNOPSIS", StringComparison.Ordinal)..page.IndexOf(".SH DESCRIPTION", StringComparison.Ordinal)];

    private static string Unescape(string roff) => FontEscape().Replace(roff, "").Replace("\\-", "-", StringComparison.Ordinal);

    private static SortedSet<string> HelpOptions(string help) =>
        new(Block(help, "Options:").SelectMany(line => line.Trim().Split("  ")[0].Split(", "))
            .Select(name => name.Split(' ')[0]).Where(name => !Common.Contains(name)), StringComparer.Ordinal);

    private static SortedSet<string> HelpArguments(string help) =>
        new(Block(help, "Arguments:").Select(line => line.Trim().Split("  ")[0].Trim('<', '>')), StringComparer.Ordinal);

    /// <summary>The lines of a help block ("Options:") up to the next blank line.</summary>
    private static IEnumerable<string> Block(string help, string title) =>
        help.Split('\n').SkipWhile(line => line.Trim() != title).Skip(1).TakeWhile(line => line.Trim().Length > 0)
            .Where(line => line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal));

    /// <summary>Option names of the .TP items: the bold words that start with a dash.</summary>
    private static SortedSet<string> ManOptions(string section) =>
        new(TermLines(section).SelectMany(term => BoldWord().Matches(term).Select(match => Unescape(match.Groups[1].Value)))
            .Where(name => name.StartsWith('-') && !Common.Contains(name)), StringComparer.Ordinal);

    private static SortedSet<string> ManArguments(string section) =>
        new(TermLines(section).Where(term => term.StartsWith("\\fI", StringComparison.Ordinal)).Select(term => Unescape(term)), StringComparer.Ordinal);

    private static IEnumerable<string> TermLines(string section)
    {
        var lines = section.Split('\n');
        return lines.Select((line, index) => (line, index)).Where(item => item.line == ".TP" && item.index + 1 < lines.Length).Select(item => lines[item.index + 1]);
    }

    [GeneratedRegex(@"\\f[BIR]")]
    private static partial Regex FontEscape();

    [GeneratedRegex(@"\\fB(.+?)\\fR")]
    private static partial Regex BoldWord();
}
