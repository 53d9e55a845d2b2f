using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Tests;

/// <summary>Runs one virt-appliance command line in process, capturing stdout and stderr as a pipe would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args) => Run(isTerminal: false, args);

    /// <summary>As on a terminal: tables with headers are drawn.</summary>
    public static Result RunOnTerminal(params string[] args) => Run(isTerminal: true, args);

    private static Result Run(bool isTerminal, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApplication.RunAsync(args, new CommandOutput(output, error, isTerminal)).GetAwaiter().GetResult();
        return new Result(exitCode, output.ToString(), error.ToString());
    }
}
