using System.Collections.Concurrent;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Reads chunks ahead on background threads so that reading overlaps with the consumer's work. With several inputs
/// (the same image opened once per thread) reader k reads chunks k, k+n, k+2n, ... into a queue of its own, and the
/// consumer takes from the queues in turn, so chunks arrive in order: reading a compressed image is decompression,
/// and that is what the extra readers share.
/// </summary>
internal sealed class ChunkReader : IDisposable
{
    private const int Depth = 8;

    private readonly BoundedQueue<Chunk>[] _ready;
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly CancellationTokenSource _stop;
    private readonly Thread[] _producers;
    private readonly System.Runtime.ExceptionServices.ExceptionDispatchInfo?[] _failures;
    private readonly int _chunkSize;

    public ChunkReader(DiskImage input, IEnumerable<(long Offset, int Length)> chunks, int chunkSize, CancellationToken cancellationToken)
        : this([input], chunks, chunkSize, cancellationToken)
    {
    }

    public ChunkReader(IReadOnlyList<DiskImage> inputs, IEnumerable<(long Offset, int Length)> chunks, int chunkSize, CancellationToken cancellationToken)
    {
        _chunkSize = chunkSize;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var count = inputs.Count;
        _ready = Enumerable.Range(0, count).Select(_ => new BoundedQueue<Chunk>(Math.Max(2, Depth / count))).ToArray();
        _failures = new System.Runtime.ExceptionServices.ExceptionDispatchInfo?[count];
        _producers = Enumerable.Range(0, count).Select(k => new Thread(() => Produce(k, inputs[k], chunks.Where((_, index) => index % count == k)))
        {
            IsBackground = true,
            Name = $"chunk-reader-{k}",
        }).ToArray();
        foreach (var producer in _producers)
        {
            producer.Start();
        }
    }

    public IEnumerable<Chunk> ReadAll()
    {
        for (var turn = 0; ; turn = (turn + 1) % _ready.Length)
        {
            if (!_ready[turn].TryTake(out var chunk, _stop.Token))
            {
                break;
            }

            yield return chunk;
        }

        foreach (var producer in _producers)
        {
            producer.Join();
        }

        foreach (var failure in _failures)
        {
            failure?.Throw();
        }
    }

    public void Return(Chunk chunk) => _free.Add(chunk.Data);

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var queue in _ready)
        {
            queue.Complete();
        }

        foreach (var producer in _producers)
        {
            producer.Join();
        }

        _stop.Dispose();
    }

    private void Produce(int reader, DiskImage input, IEnumerable<(long Offset, int Length)> chunks)
    {
        try
        {
            foreach (var (offset, length) in chunks)
            {
                _stop.Token.ThrowIfCancellationRequested();
                var buffer = _free.TryTake(out var reused) ? reused : new byte[_chunkSize];
                input.Read(offset, buffer.AsSpan(0, length));
                if (!_ready[reader].Add(new Chunk(offset, length, buffer), _stop.Token))
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            _failures[reader] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
            foreach (var queue in _ready)
            {
                queue.Complete();
            }

            return;
        }

        _ready[reader].Complete();
    }

    internal sealed record Chunk(long Offset, int Length, byte[] Data);
}
