using System.Diagnostics;

namespace VirtAppliance.TestSupport;

/// <summary>
/// Whether work grows linearly with its input: the same work on an input ten times larger must take less than twenty
/// times as long (a quadratic parser takes about a hundred times). A ratio of the best of several runs, never a
/// wall-clock limit, so a slow or busy machine does not fail it; measured again (up to three times) when a burst of
/// load on a busy machine made one measurement look worse — a quadratic cost stays near a hundred every time.
/// </summary>
public static class LinearTime
{
    public const int Growth = 10;
    public const double AllowedRatio = 20;
    private const int Attempts = 3;

    /// <param name="run">does the work on an input of the given size (the caller builds the input outside the timing when it can)</param>
    public static void Assert(int smallSize, Action<int> run)
    {
        run(smallSize);   // JIT and caches
        var measured = new List<string>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var small = Best(() => run(smallSize));
            var large = Best(() => run(smallSize * Growth));
            var ratio = large.TotalSeconds / Math.Max(small.TotalSeconds, 1e-6);
            if (ratio < AllowedRatio)
            {
                return;
            }

            measured.Add($"{ratio:0.0}x ({small.TotalMilliseconds:0.0} ms -> {large.TotalMilliseconds:0.0} ms)");
        }

        Xunit.Assert.Fail($"{Growth}x the input took {string.Join(", then ", measured)} the time");
    }

    private static TimeSpan Best(Action work)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }
}
