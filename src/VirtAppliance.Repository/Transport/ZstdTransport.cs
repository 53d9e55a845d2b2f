using System.Buffers;
using System.Security.Cryptography;
using VirtAppliance.DiskImages.Compression;
using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Transport;

/// <summary>
/// Disks travel zstd-compressed as a series of independent frames, one per <see cref="FrameContentSize"/> of content, each
/// declaring its size: a download can then resume at any frame boundary without keeping the blob. They are stored
/// uncompressed (and sparse) in the cache.
/// </summary>
public static class ZstdTransport
{
    public const string Compression = "zstd";

    /// <summary>Content bytes per frame: a resumed download fetches at most one frame again.</summary>
    public const int FrameContentSize = 4 << 20;

    private const int MaxWorkers = 8;

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>; returns the digests and sizes of both.</summary>
    public static async Task<(BlobReference Content, BlobReference Blob)> CompressAsync(string source, string destination, IProgress<long>? progress, CancellationToken cancellation)
    {
        using var contentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new HashingWriteStream(new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1));
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        // Frames compress on the thread pool while the next chunks are read and hashed; they are written in order.
        var inFlight = new Queue<Task<(byte[] Frame, int Length)>>();
        var workers = Math.Clamp(Environment.ProcessorCount, 1, MaxWorkers);
        long contentSize = 0;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(FrameContentSize);
                var read = await input.ReadAtLeastAsync(chunk.AsMemory(0, FrameContentSize), FrameContentSize, throwOnEndOfStream: false, cancellation);
                if (read == 0 && contentSize > 0)
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                    break;
                }

                contentHash.AppendData(chunk, 0, read);
                contentSize += read;
                inFlight.Enqueue(Task.Run(() => CompressFrame(chunk, read), cancellation));
                if (inFlight.Count > workers)
                {
                    await WriteAsync(output, inFlight.Dequeue(), cancellation);
                }

                progress?.Report(read);
                if (read < FrameContentSize)
                {
                    break;
                }
            }

            while (inFlight.TryDequeue(out var frame))
            {
                await WriteAsync(output, frame, cancellation);
            }
        }
        finally
        {
            foreach (var frame in inFlight)
            {
                await Task.WhenAny(frame);
                if (frame.IsCompletedSuccessfully)
                {
                    ArrayPool<byte>.Shared.Return(frame.Result.Frame);
                }
            }
        }

        await output.FlushAsync(cancellation);
        return (new BlobReference(Digest.FromHash(contentHash.GetHashAndReset()).ToString(), contentSize),
                new BlobReference(output.Digest().ToString(), output.Length));
    }

    private static (byte[] Frame, int Length) CompressFrame(byte[] chunk, int length)
    {
        try
        {
            var frame = ArrayPool<byte>.Shared.Rent(ZstdFrames.CompressBound(length));
            return (frame, ZstdFrames.Compress(chunk.AsSpan(0, length), frame));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static async Task WriteAsync(Stream output, Task<(byte[] Frame, int Length)> compressing, CancellationToken cancellation)
    {
        var (frame, length) = await compressing;
        try
        {
            await output.WriteAsync(frame.AsMemory(0, length), cancellation);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
