namespace VirtAppliance.DiskImages.Compression;

/// <summary>
/// Whole zstd frames (RFC 8878): each one carries its content size and decodes on its own, so a stream of them can be
/// resumed at any frame boundary. Compression uses the system libzstd where it loads, ZstdSharp otherwise.
/// </summary>
public static class ZstdFrames
{
    /// <summary>The level zstd itself defaults to: fast, and within a few percent of the higher levels on disk images.</summary>
    public const int DefaultLevel = 3;

    private const int BlockSizeMax = 128 * 1024;

    /// <summary>The largest frame <see cref="Compress"/> can make of <paramref name="size"/> bytes (zstd's ZSTD_COMPRESSBOUND).</summary>
    public static int CompressBound(int size) =>
        size + (size >> 8) + (size < BlockSizeMax ? (BlockSizeMax - size) >> 11 : 0);

    /// <summary>Compresses <paramref name="source"/> into one frame that declares its content size; returns the frame's length.</summary>
    /// <exception cref="ArgumentException">The destination is smaller than <see cref="CompressBound"/> of the source.</exception>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level = DefaultLevel)
    {
        var written = ClusterCodec.For(CompressionType.Zstd).Compress(source, destination, level);
        return written >= 0 ? written : throw new ArgumentException($"a frame of {source.Length} bytes needs up to {CompressBound(source.Length)} bytes of room, not {destination.Length}", nameof(destination));
    }
}
