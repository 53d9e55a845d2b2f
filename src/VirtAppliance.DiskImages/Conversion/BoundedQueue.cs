namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// A small blocking queue between one producer and one consumer. Unlike BlockingCollection it does not spin before
/// blocking, which on a two-core machine would take CPU time from the kernel's copying.
/// </summary>
internal sealed class BoundedQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new();
    private readonly object _gate = new();
    private bool _completed;

    /// <summary>Adds an item, waiting while the queue is full; false when the consumer has gone away.</summary>
    public bool Add(T item, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (_items.Count >= capacity && !_completed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 100);
            }

            if (_completed)
            {
                return false;
            }

            _items.Enqueue(item);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Takes the next item, waiting while the queue is empty; false once it is empty and complete.</summary>
    public bool TryTake(out T item, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (_items.Count == 0 && !_completed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 100);
            }

            if (_items.Count > 0)
            {
                item = _items.Dequeue();
                Monitor.PulseAll(_gate);
                return true;
            }

            item = default!;
            return false;
        }
    }

    /// <summary>No more items will be added (or, from the consumer, none will be taken).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
