using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.DiskImages.Tests.Conversion;

/// <summary>How many threads compress, and that they are threads of the conversion's own.</summary>
[Trait("Category", "Fast")]
public sealed class CompressionWorkersTests
{
    [Theory]
    [InlineData(2, 0, 2)]
    [InlineData(2, 1, 5)]
    [InlineData(2, 2, 8)]
    [InlineData(8, 2, 14)]
    [InlineData(2, 100, 8)]
    [InlineData(4, -1, 4)]
    public void Each_other_runnable_task_adds_three_threads_up_to_four_per_processor(int processors, int others, int expected) =>
        Assert.Equal(expected, CompressionWorkers.ForLoad(processors, others));

    [Fact]
    public void A_requested_count_is_taken_as_it_is() => Assert.Equal(3, CompressionWorkers.Count(3));

    [Fact]
    public void The_machine_load_is_read_from_proc_stat() => Assert.InRange(HostLoad.OtherRunnableTasks(), 0, 100_000);

    [Fact]
    public void Every_worker_runs_at_once_on_a_thread_of_its_own()
    {
        const int count = 3;
        using var barrier = new Barrier(count);
        Task<string?>[] tasks;
        using (var workers = new DedicatedWorkers(count, "test-compress"))
        {
            // Each task waits for the others: they complete only if all three run at the same time.
            tasks = Enumerable.Range(0, count)
                .Select(_ => workers.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(30)) ? Thread.CurrentThread.Name : null, CancellationToken.None))
                .ToArray();
        }

        var names = tasks.Select(task => task.GetAwaiter().GetResult()).ToList();
        Assert.All(names, name => Assert.StartsWith("test-compress ", name));
        Assert.Equal(count, names.Distinct().Count());
    }

    [Fact]
    public void Tasks_cancelled_before_they_start_do_not_run()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var ran = false;
        Task<bool> task;
        using (var workers = new DedicatedWorkers(1, "test-cancel"))
        {
            task = workers.Run(() => ran = true, cancellation.Token);
        }

        Assert.True(task.IsCanceled);
        Assert.False(ran);
    }
}
