using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VirtAppliance.Repository.Transport;

/// <summary>
/// SHA-256 on a thread of its own over buffers handed to it in order, so that hashing (1 GB/s here) overlaps
/// decompressing and writing instead of adding to them. Buffers come from <see cref="Rent"/> and go back to the pool
/// once hashed; the one thread that rents them may keep using a buffer (to write it) until it rents the next one.
/// </summary>
internal sealed class PipelinedHash : IDisposable
{
    private const int Depth = 4;

    private readonly BlockingCollection<(byte[] Buffer, int Count)> pending = new(Depth);
    private readonly BlockingCollection<byte[]> free = [];
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Thread thread;
    private Exception? failure;

    public PipelinedHash(int bufferSize)
    {
        // One more buffer than can wait, so that the renter can fill one while the hasher holds the others.
        for (var i = 0; i < Depth + 2; i++)
        {
            free.Add(new byte[bufferSize]);
        }

        thread = new Thread(Run) { IsBackground = true, Name = "sha256" };
        thread.Start();
    }

    public byte[] Rent(CancellationToken cancellation) => free.Take(cancellation);

    /// <summary>Queues the first <paramref name="count"/> bytes of a rented buffer for hashing.</summary>
    public void Append(byte[] buffer, int count, CancellationToken cancellation) => pending.Add((buffer, count), cancellation);

    /// <summary>Waits for every queued buffer and returns the digest.</summary>
    public byte[] Finish()
    {
        pending.CompleteAdding();
        thread.Join();
        return failure is null ? hash.GetHashAndReset() : throw new InvalidOperationException("hashing failed", failure);
    }

    public void Dispose()
    {
        pending.CompleteAdding();
        thread.Join();
        hash.Dispose();
        pending.Dispose();
        free.Dispose();
    }

    private void Run()
    {
        // After a failure the buffers still come back, so that the renter never waits for one in vain.
        foreach (var (buffer, count) in pending.GetConsumingEnumerable())
        {
            if (failure is null)
            {
                try
                {
                    hash.AppendData(buffer, 0, count);
                }
                catch (CryptographicException error)
                {
                    failure = error;
                }
            }

            free.Add(buffer);
        }
    }
}
