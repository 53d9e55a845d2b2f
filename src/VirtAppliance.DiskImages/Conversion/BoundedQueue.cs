namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// A small blocking queue between one producer and one consumer. Unlike BlockingCollection it does not spin before
/// blocking, which on a two-core machine would take CPU time from the kernel's copying. A full queue wakes its
/// producer only once it has drained to <c>refillAt</c> items, so the producer fills it in bursts instead of being
/// woken for every item: on two cores, a wake-up per item kept scheduling both threads onto one core.
/// </summary>
internal sealed class BoundedQueue<T>(int capacity, int refillAt)
{
    private readonly Queue<T> _items = new();
    private readonly object _gate = new();
    private bool _completed;
    private bool _producerWaiting;
    private bool _consumerWaiting;

    public BoundedQueue(int capacity)
        : this(capacity, capacity / 2)
    {
    }

    /// <summary>Adds an item, waiting while the queue is full; false when the consumer has gone away.</summary>
    public bool Add(T item, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_items.Count >= capacity)
            {
                _producerWaiting = true;
                while (_items.Count > refillAt && !_completed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate, 100);
                }

                _producerWaiting = false;
            }

            if (_completed)
            {
                return false;
            }

            _items.Enqueue(item);
            if (_consumerWaiting)
            {
                Monitor.PulseAll(_gate);
            }

            return true;
        }
    }

    /// <summary>Takes the next item, waiting while the queue is empty; false once it is empty and complete.</summary>
    public bool TryTake(out T item, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _consumerWaiting = true;
            while (_items.Count == 0 && !_completed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 100);
            }

            _consumerWaiting = false;
            if (_items.Count > 0)
            {
                item = _items.Dequeue();
                if (_producerWaiting && _items.Count <= refillAt)
                {
                    Monitor.PulseAll(_gate);
                }

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
