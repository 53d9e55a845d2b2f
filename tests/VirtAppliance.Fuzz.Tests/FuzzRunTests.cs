using System.Diagnostics;
using System.Text.RegularExpressions;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Fuzz.Tests;

/// <summary>
/// Every target under afl-fuzz for a short fixed time, as fuzz/run.sh runs it (afl++ and SharpFuzz from the README's
/// setup): no crash, no hang, and the fuzzer really executed inputs and found paths beyond its seeds' first one.
/// </summary>
[Trait("Category", "Tools")]
public sealed partial class FuzzRunTests
{
    private const int Seconds = 5;

    public static TheoryData<string> Targets() => new(FuzzTargets.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Target_fuzzes_without_crashes_or_hangs(string target)
    {
        var script = Path.Combine(ApplianceCommand.RepositoryRoot(), "fuzz", "run.sh");
        var info = new ProcessStartInfo("bash", [script, target, Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"fuzz/run.sh {target} exited {process.ExitCode}:\n{output}\n{await error}");
        var summary = Summary().Match(output);
        Assert.True(summary.Success, $"no summary line in:\n{output}");
        Assert.True(long.Parse(summary.Groups["executions"].Value) > 100, output);
        Assert.True(int.Parse(summary.Groups["paths"].Value) > 1, output);
    }

    [GeneratedRegex(@": (?<executions>\d+) executions in \d+s \([0-9.]+/s\), (?<paths>\d+) paths, .* 0 crashes, 0 hangs")]
    private static partial Regex Summary();
}
