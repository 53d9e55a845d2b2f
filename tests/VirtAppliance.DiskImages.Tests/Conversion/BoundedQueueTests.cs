using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.DiskImages.Tests.Conversion;

[Trait("Category", "Fast")]
public sealed class BoundedQueueTests
{
    [Fact]
    public async Task AFullQueueWakesItsProducerOnlyOnceDrainedToTheRefillMark()
    {
        var queue = new BoundedQueue<int>(capacity: 4, refillAt: 2);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(queue.Add(i, CancellationToken.None));
        }

        var blockedAdd = Task.Run(() => queue.Add(4, CancellationToken.None));
        Assert.NotSame(blockedAdd, await Task.WhenAny(blockedAdd, Task.Delay(300)));
        Assert.True(queue.TryTake(out var first, CancellationToken.None));
        Assert.Equal(0, first);
        Assert.NotSame(blockedAdd, await Task.WhenAny(blockedAdd, Task.Delay(300)));

        Assert.True(queue.TryTake(out _, CancellationToken.None));
        Assert.True(await blockedAdd.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ItemsComeOutInOrderAcrossThreadsAndCompletionEndsTheConsumer()
    {
        var queue = new BoundedQueue<int>(capacity: 8);
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                queue.Add(i, CancellationToken.None);
            }

            queue.Complete();
        });

        var taken = new List<int>();
        while (queue.TryTake(out var item, CancellationToken.None))
        {
            taken.Add(item);
        }

        await producer;
        Assert.Equal(Enumerable.Range(0, 10_000), taken);
    }

    [Fact]
    public async Task AProducerWaitingOnAFullQueueIsReleasedWhenTheConsumerGoesAway()
    {
        var queue = new BoundedQueue<int>(capacity: 2);
        queue.Add(0, CancellationToken.None);
        queue.Add(1, CancellationToken.None);
        var blockedAdd = Task.Run(() => queue.Add(2, CancellationToken.None));
        queue.Complete();
        Assert.False(await blockedAdd.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
