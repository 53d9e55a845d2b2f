using System.Collections.Concurrent;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>Reads chunks ahead on a background thread so that reading overlaps with the consumer's work.</summary>
internal sealed class ChunkReader : IDisposable
{
    private const int Depth = 8;

    private readonly BoundedQueue<Chunk> _ready = new(Depth);
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly CancellationTokenSource _stop;
    private readonly Thread _producer;
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _failure;
    private readonly int _chunkSize;

    public ChunkReader(DiskImage input, IEnumerable<(long Offset, int Length)> chunks, int chunkSize, CancellationToken cancellationToken)
    {
        _chunkSize = chunkSize;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _producer = new Thread(() => Produce(input, chunks)) { IsBackground = true, Name = "chunk-reader" };
        _producer.Start();
    }

    public IEnumerable<Chunk> ReadAll()
    {
        while (_ready.TryTake(out var chunk, _stop.Token))
        {
            yield return chunk;
        }

        _producer.Join();
        _failure?.Throw();
    }

    public void Return(Chunk chunk) => _free.Add(chunk.Data);

    public void Dispose()
    {
        _stop.Cancel();
        _ready.Complete();
        _producer.Join();
        _stop.Dispose();
    }

    private void Produce(DiskImage input, IEnumerable<(long Offset, int Length)> chunks)
    {
        try
        {
            foreach (var (offset, length) in chunks)
            {
                _stop.Token.ThrowIfCancellationRequested();
                var buffer = _free.TryTake(out var reused) ? reused : new byte[_chunkSize];
                input.Read(offset, buffer.AsSpan(0, length));
                if (!_ready.Add(new Chunk(offset, length, buffer), _stop.Token))
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            _failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
        }
        finally
        {
            _ready.Complete();
        }
    }

    internal sealed record Chunk(long Offset, int Length, byte[] Data);
}
