using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.DiskImages.Tests.Conversion;

[Trait("Category", "Fast")]
public sealed class SlowWriteDetectorTests
{
    private const long Chunk = 2 << 20;

    [Fact]
    public void AWindowWrittenBelowTheThresholdIsSlow()
    {
        var detector = new SlowWriteDetector(windowBytes: 4 * Chunk, slowBytesPerSecond: 1e9, slowWindowsInARow: 1);
        var perChunk = TimeSpan.FromSeconds(Chunk / 0.5e9);
        Assert.False(detector.Record(Chunk, perChunk));
        Assert.False(detector.Record(Chunk, perChunk));
        Assert.False(detector.Record(Chunk, perChunk));
        Assert.True(detector.Record(Chunk, perChunk));
    }

    [Theory]
    [InlineData(0, 2, true)]
    [InlineData(1, 2, true)]
    [InlineData(2, 2, false)]
    [InlineData(5, 2, false)]
    [InlineData(5, 8, true)]
    public void PageCacheHelpersStartOnlyWhereOtherProgramsLeaveAProcessor(int otherRunnable, int processors, bool start) =>
        Assert.Equal(start, PageCacheWarmer.HasCoresFor(otherRunnable, processors));

    [Fact]
    public void AWindowWrittenAboveTheThresholdIsNotSlow()
    {
        var detector = new SlowWriteDetector(windowBytes: 4 * Chunk, slowBytesPerSecond: 1e9);
        var perChunk = TimeSpan.FromSeconds(Chunk / 3e9);
        for (var i = 0; i < 16; i++)
        {
            Assert.False(detector.Record(Chunk, perChunk));
        }
    }

    [Fact]
    public void OneStalledWriteInAFastWindowDoesNotDecideButASlowWindowLaterDoes()
    {
        var detector = new SlowWriteDetector(windowBytes: 8 * Chunk, slowBytesPerSecond: 1e9, slowWindowsInARow: 1);
        var fast = TimeSpan.FromSeconds(Chunk / 4e9);
        Assert.False(detector.Record(Chunk, TimeSpan.FromSeconds(Chunk / 0.4e9)));
        for (var i = 0; i < 7; i++)
        {
            Assert.False(detector.Record(Chunk, fast));
        }

        var slow = TimeSpan.FromSeconds(Chunk / 0.6e9);
        var verdicts = Enumerable.Range(0, 8).Select(_ => detector.Record(Chunk, slow)).ToList();
        Assert.Equal([false, false, false, false, false, false, false, true], verdicts);
    }

    [Fact]
    public void OnlyEnoughSlowWindowsInARowDecide()
    {
        var detector = new SlowWriteDetector(windowBytes: Chunk, slowBytesPerSecond: 1e9, slowWindowsInARow: 2);
        var slow = TimeSpan.FromSeconds(Chunk / 0.5e9);
        var fast = TimeSpan.FromSeconds(Chunk / 3e9);
        var verdicts = new[] { slow, fast, slow, fast, slow, slow, slow }.Select(time => detector.Record(Chunk, time)).ToList();
        Assert.Equal([false, false, false, false, false, true, false], verdicts);
    }

    [Fact]
    public void TheDefaultNeedsTwoSlowWindows()
    {
        var detector = new SlowWriteDetector();
        var slowWindow = TimeSpan.FromSeconds(SlowWriteDetector.DefaultWindowBytes / 0.5e9);
        Assert.False(detector.Record(SlowWriteDetector.DefaultWindowBytes, slowWindow));
        Assert.True(detector.Record(SlowWriteDetector.DefaultWindowBytes, slowWindow));
    }
}
