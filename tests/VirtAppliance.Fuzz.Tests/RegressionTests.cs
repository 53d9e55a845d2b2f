using VirtAppliance.TestSupport;

namespace VirtAppliance.Fuzz.Tests;

/// <summary>Every input the fuzzer (or an earlier campaign) found crashing or hanging, kept under fuzz/regressions/TARGET/.</summary>
[Trait("Category", "Fast")]
public sealed class RegressionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(ApplianceCommand.RepositoryRoot(), "fuzz", "regressions");
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(folder), Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task A_saved_input_ends_with_a_documented_answer_in_bounded_time(string target, string input)
    {
        var fuzzTarget = FuzzTargets.Find(target);
        Assert.True(fuzzTarget is not null, $"fuzz/regressions/{target} names no fuzz target");
        var bytes = File.ReadAllBytes(Path.Combine(ApplianceCommand.RepositoryRoot(), "fuzz", "regressions", target, input));
        using var scratch = new Scratch();
        var run = Task.Run(() => Oracle.Run(fuzzTarget!, bytes, scratch));
        Assert.True(await Task.WhenAny(run, Task.Delay(Limit)) == run, $"{target}/{input} still runs after {Limit.TotalSeconds} s");
        await run;
    }

    [Fact]
    public void Every_regression_folder_names_a_target_and_holds_inputs()
    {
        var root = Path.Combine(ApplianceCommand.RepositoryRoot(), "fuzz", "regressions");
        var folders = Directory.EnumerateDirectories(root).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(folders);
        Assert.All(folders, f => Assert.NotNull(FuzzTargets.Find(f!)));
        Assert.All(folders, f => Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(root, f!))));
    }
}
