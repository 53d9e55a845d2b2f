using System.Collections.Concurrent;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Threads of one conversion's own that run its compression tasks: their number, not the shared thread pool's (which
/// grows slowly and only to about one thread per processor), sets how many runnable threads the conversion has.
/// </summary>
internal sealed class DedicatedWorkers : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;

    public DedicatedWorkers(int count, string name)
    {
        _threads = Enumerable.Range(0, count).Select(i => new Thread(Work) { IsBackground = true, Name = $"{name} {i}" }).ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this);

    /// <summary>Lets the queued tasks finish (or see their cancellation), then ends the threads.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _queue.Dispose();
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    private void Work()
    {
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
