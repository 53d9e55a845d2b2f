using System.Security.Cryptography;
using VirtAppliance.Repository.Format;
using ZstdSharp;

namespace VirtAppliance.Repository.Transport;

/// <summary>Disks travel zstd-compressed; they are stored uncompressed (and sparse) in the cache.</summary>
public static class ZstdTransport
{
    public const string Compression = "zstd";
    private const int Level = 3;
    private const int BufferSize = 1 << 20;

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>; returns the digests and sizes of both.</summary>
    public static async Task<(BlobReference Content, BlobReference Blob)> CompressAsync(string source, string destination, IProgress<long>? progress, CancellationToken cancellation)
    {
        using var contentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new HashingWriteStream(new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize));
        long contentSize = 0;
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
        await using (var compressor = new CompressionStream(output, Level, BufferSize, leaveOpen: true))
        {
            compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_nbWorkers, Environment.ProcessorCount);
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellation)) > 0)
            {
                contentHash.AppendData(buffer, 0, read);
                await compressor.WriteAsync(buffer.AsMemory(0, read), cancellation);
                contentSize += read;
                progress?.Report(read);
            }
        }

        await output.FlushAsync(cancellation);
        return (new BlobReference(Digest.FromHash(contentHash.GetHashAndReset()).ToString(), contentSize),
                new BlobReference(output.Digest().ToString(), output.Length));
    }

    /// <summary>Decompresses a transport blob into <paramref name="destination"/>, leaving zero runs as holes; returns the content's digest and size.</summary>
    public static async Task<BlobReference> DecompressAsync(string source, string compression, string destination, long expectedSize, CancellationToken cancellation)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        return await DecompressAsync(input, source, compression, destination, expectedSize, cancellation);
    }

    /// <summary>
    /// The same from a stream (a download in flight); <paramref name="what"/> names it in errors. With no
    /// <paramref name="destination"/> the content is only measured and hashed (an uncompressed blob already on disk).
    /// </summary>
    public static async Task<BlobReference> DecompressAsync(Stream input, string what, string compression, string? destination, long expectedSize, CancellationToken cancellation)
    {
        var source = what;
        using var contentHash = new PipelinedHash(BufferSize);
        await using Stream decoded = compression switch
        {
            Compression => new DecompressionStream(input, BufferSize, leaveOpen: true),
            "none" => input,
            _ => throw new NotSupportedException($"transport compression '{compression}' is not supported (zstd, none)"),
        };
        await using var output = destination is null ? null : new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        long size = 0;
        try
        {
            while (true)
            {
                var buffer = contentHash.Rent(cancellation);
                var read = await decoded.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation);
                if (read == 0)
                {
                    break;
                }

                if (size + read > expectedSize)
                {
                    throw new InvalidDataException($"{source}: decompresses to more than the {expectedSize} bytes the manifest gives");
                }

                contentHash.Append(buffer, read, cancellation);
                if (output is not null)
                {
                    WriteSparse(output, buffer.AsSpan(0, read), size);
                }

                size += read;
            }
        }
        catch (ZstdException error)
        {
            throw new InvalidDataException($"{source}: not a valid zstd stream ({error.Message})", error);
        }

        output?.SetLength(size);
        return new BlobReference(Digest.FromHash(contentHash.Finish()).ToString(), size);
    }

    private static void WriteSparse(FileStream output, ReadOnlySpan<byte> data, long offset)
    {
        const int block = 64 * 1024;
        for (var start = 0; start < data.Length; start += block)
        {
            var chunk = data.Slice(start, Math.Min(block, data.Length - start));
            if (!chunk.ContainsAnyExcept((byte)0))
            {
                continue;
            }

            RandomAccess.Write(output.SafeFileHandle, chunk, offset + start);
        }
    }
}
