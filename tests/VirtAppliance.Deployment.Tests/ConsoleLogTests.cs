using VirtAppliance.Deployment.Instances;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

[Trait("Category", "Fast")]
public sealed class ConsoleLogTests
{
    [Fact]
    public async Task Text_written_later_and_split_across_writes_is_found()
    {
        using var folder = new TempDirectory();
        var log = folder.File("console.log");
        var writer = Task.Run(async () =>
        {
            await Task.Delay(200);
            File.AppendAllText(log, "boot...\nMAR");
            await Task.Delay(200);
            File.AppendAllText(log, "KER here\n");
        });
        Assert.True(await ConsoleLog.WaitForAsync(log, "MARKER", 0, TimeSpan.FromSeconds(10), () => true, CancellationToken.None));
        await writer;
    }

    [Fact]
    public async Task Text_before_the_start_offset_does_not_count_and_the_wait_times_out()
    {
        using var folder = new TempDirectory();
        var log = folder.File("console.log");
        File.WriteAllText(log, "MARKER from an earlier boot\n");
        var started = DateTime.UtcNow;
        Assert.False(await ConsoleLog.WaitForAsync(log, "MARKER", ConsoleLog.LengthOf(log), TimeSpan.FromSeconds(1), () => true, CancellationToken.None));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_guest_that_stops_ends_the_wait_at_once_and_text_past_a_megabyte_is_still_seen()
    {
        using var folder = new TempDirectory();
        var log = folder.File("console.log");
        File.WriteAllText(log, new string('x', 3 << 20) + "LATE-MARKER\n");
        Assert.True(await ConsoleLog.WaitForAsync(log, "LATE-MARKER", 0, TimeSpan.FromSeconds(30), () => false, CancellationToken.None));
        var started = DateTime.UtcNow;
        Assert.False(await ConsoleLog.WaitForAsync(log, "NEVER", 0, TimeSpan.FromSeconds(30), () => false, CancellationToken.None));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Tail_gives_the_last_lines()
    {
        using var folder = new TempDirectory();
        var log = folder.File("console.log");
        File.WriteAllText(log, string.Join("\r\n", Enumerable.Range(1, 50).Select(i => $"line {i}")));
        Assert.Equal(["line 48", "line 49", "line 50"], ConsoleLog.Tail(log, 3));
        Assert.Empty(ConsoleLog.Tail(folder.File("missing.log"), 3));
    }
}
