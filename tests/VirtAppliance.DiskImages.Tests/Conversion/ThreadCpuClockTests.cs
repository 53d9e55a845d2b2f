using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.DiskImages.Tests.Conversion;

[Trait("Category", "Fast")]
public sealed class ThreadCpuClockTests
{
    [Fact]
    public void ItAdvancesWithTheThreadsWorkAndNotWhileItWaits()
    {
        var start = ThreadCpuClock.Now();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var sum = 0L;
        while (ThreadCpuClock.Now() - start < TimeSpan.FromMilliseconds(50))
        {
            Assert.True(DateTime.UtcNow < deadline, "the thread's CPU time did not reach 50 ms in a minute of work");
            for (var i = 0; i < 100_000; i++)
            {
                sum += i ^ sum;
            }
        }

        var beforeSleep = ThreadCpuClock.Now();
        Thread.Sleep(300);
        Assert.True(ThreadCpuClock.Now() - beforeSleep < TimeSpan.FromMilliseconds(30), $"sleeping used CPU time ({sum})");
    }
}
