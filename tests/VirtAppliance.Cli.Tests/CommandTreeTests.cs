using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Tests;

[Trait("Category", "Fast")]
public sealed class CommandTreeTests
{
    private static readonly CommandOutput Output = new(new StringWriter(), new StringWriter(), isTerminal: false);

    [Fact]
    public void Each_entry_builds_the_command_of_its_name()
    {
        foreach (var (name, _) in CliApplication.CommandBuilders)
        {
            var root = CliApplication.Build(Output, name);
            Assert.Equal(name, Assert.Single(root.Subcommands).Name);
        }
    }

    [Fact]
    public void Help_without_a_command_lists_every_command()
    {
        var help = CliRunner.Run("--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var (name, _) in CliApplication.CommandBuilders.Where(command => !command.Name.StartsWith("__", StringComparison.Ordinal)))
        {
            Assert.Matches($@"(?m)^\s+{name}\b", help.Output);
        }

        Assert.DoesNotContain("__", help.Output);
    }

    [Fact]
    public void A_mistyped_command_is_reported_as_usage_error()
    {
        var result = CliRunner.Run("deplyo", "x.xml");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("deplyo", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_named_first_keeps_its_options_and_the_global_ones()
    {
        var result = CliRunner.Run("validate", "--verbose", "/nonexistent/descriptor.xml");

        Assert.NotEqual(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("/nonexistent/descriptor.xml", result.Error, StringComparison.Ordinal);
    }
}
