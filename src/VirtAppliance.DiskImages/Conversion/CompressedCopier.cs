using System.Buffers;
using VirtAppliance.DiskImages.Compression;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Reads ahead on one thread, compresses batches of clusters on threads of its own (<see cref="CompressionWorkers"/>),
/// and writes them in guest order so the output is laid out as a sequential copy would be.
/// </summary>
internal static class CompressedCopier
{
    private const int Zero = 0;
    private const int Uncompressed = -1;

    public static long Copy(DiskImage input, DiskImage output, ConvertOptions options, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var target = (ICompressedClusterTarget)output;
        var codec = target.Codec;
        var level = codec.CheckLevel(options.CompressionLevel);
        var clusterSize = target.CompressedClusterSize;
        var slot = target.MaxCompressedLength;
        var ranges = DataRanges.Of(input, clusterSize);
        var total = DataRanges.Total(ranges);
        var chunkSize = Math.Max(ImageConverter.ChunkSize, clusterSize);
        var threads = CompressionWorkers.Count(options.Threads);
        var inFlight = new Queue<Task<Batch>>();
        var done = 0L;
        using var workers = new DedicatedWorkers(threads, "compress");
        using var reader = new ChunkReader(input, DataRanges.Chunks(ranges, chunkSize), chunkSize, cancellationToken);
        try
        {
            foreach (var chunk in reader.ReadAll())
            {
                inFlight.Enqueue(workers.Run(() => Compress(chunk, codec, level, clusterSize, slot), cancellationToken));
                while (inFlight.Count > threads * 2)
                {
                    done += Write(inFlight.Dequeue().GetAwaiter().GetResult(), output, target, reader);
                    progress?.Report(new TransferProgress(done, total));
                }
            }

            while (inFlight.Count > 0)
            {
                done += Write(inFlight.Dequeue().GetAwaiter().GetResult(), output, target, reader);
                progress?.Report(new TransferProgress(done, total));
            }
        }
        finally
        {
            DrainQuietly(inFlight);
        }

        return total;
    }

    private static Batch Compress(ChunkReader.Chunk chunk, ClusterCodec codec, int level, int clusterSize, int slot)
    {
        var clusters = (chunk.Length + clusterSize - 1) / clusterSize;
        var compressed = ArrayPool<byte>.Shared.Rent(clusters * slot);
        var lengths = new int[clusters];
        var padded = chunk.Length % clusterSize == 0 ? null : new byte[clusterSize];
        for (var i = 0; i < clusters; i++)
        {
            var start = i * clusterSize;
            ReadOnlySpan<byte> cluster = chunk.Data.AsSpan(start, Math.Min(clusterSize, chunk.Length - start));
            if (!cluster.ContainsAnyExcept((byte)0))
            {
                lengths[i] = Zero;
                continue;
            }

            if (cluster.Length < clusterSize && padded is not null)
            {
                cluster.CopyTo(padded);
                cluster = padded;
            }

            var length = codec.Compress(cluster, compressed.AsSpan(i * slot, slot), level);
            lengths[i] = length > 0 ? length : Uncompressed;
        }

        return new Batch(chunk, compressed, lengths, slot);
    }

    private static long Write(Batch batch, DiskImage output, ICompressedClusterTarget target, ChunkReader reader)
    {
        var clusterSize = target.CompressedClusterSize;
        var chunk = batch.Chunk;
        for (var i = 0; i < batch.Lengths.Length; i++)
        {
            var start = i * clusterSize;
            var guestOffset = chunk.Offset + start;
            switch (batch.Lengths[i])
            {
                case Zero:
                    break;
                case Uncompressed:
                    output.Write(guestOffset, chunk.Data.AsSpan(start, Math.Min(clusterSize, chunk.Length - start)));
                    break;
                case var length:
                    target.WriteCompressedCluster(guestOffset / clusterSize, batch.Compressed.AsSpan(i * batch.Slot, length));
                    break;
            }
        }

        ArrayPool<byte>.Shared.Return(batch.Compressed);
        reader.Return(chunk);
        return chunk.Length;
    }

    private static void DrainQuietly(Queue<Task<Batch>> inFlight)
    {
        foreach (var task in inFlight)
        {
            try
            {
                ArrayPool<byte>.Shared.Return(task.GetAwaiter().GetResult().Compressed);
            }
            catch (Exception exception) when (exception is OperationCanceledException or InvalidDataException or IOException)
            {
            }
        }
    }

    private sealed record Batch(ChunkReader.Chunk Chunk, byte[] Compressed, int[] Lengths, int Slot);
}
