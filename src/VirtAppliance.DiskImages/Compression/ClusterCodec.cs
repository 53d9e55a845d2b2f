namespace VirtAppliance.DiskImages.Compression;

/// <summary>Compresses and decompresses single clusters. Thread-safe: per-thread state lives inside.</summary>
internal abstract class ClusterCodec
{
    public abstract CompressionType Type { get; }

    public abstract int DefaultLevel { get; }

    public abstract (int Min, int Max) LevelRange { get; }

    public static ClusterCodec For(CompressionType type) => type switch
    {
        CompressionType.Zlib => LibdeflateCodec.IsAvailable ? LibdeflateCodec.Raw : DeflateCodec.Instance,
        CompressionType.Zstd => NativeZstdCodec.IsAvailable ? NativeZstdCodec.Instance : ManagedZstdCodec.Instance,
        _ => throw new NotSupportedException($"compression type {type} is not supported"),
    };

    /// <summary>Deflate in a zlib frame, for VMDK grains: libdeflate where it loads, .NET's zlib-ng otherwise.</summary>
    public static ClusterCodec ZlibFramed => LibdeflateCodec.IsAvailable ? LibdeflateCodec.Framed : ZlibFramedCodec.Instance;

    /// <summary>Compresses into destination; returns the length, or -1 when the result would not fit.</summary>
    public abstract int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level);

    /// <summary>Fills destination from compressed data that may be followed by unrelated bytes; false if it cannot.</summary>
    public abstract bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination);

    public int CheckLevel(int? level)
    {
        var value = level ?? DefaultLevel;
        var (min, max) = LevelRange;
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(level), $"{Type.ToString().ToLowerInvariant()} compression level {value} is out of range {min}..{max}");
        }

        return value;
    }
}
