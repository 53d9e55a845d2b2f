using ZstdSharp;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>zstd through ZstdSharp.Port (managed), selectable for comparison with the system libzstd.</summary>
internal sealed class ManagedZstdCodec : ClusterCodec
{
    public static ManagedZstdCodec Instance { get; } = new();

    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static int t_level;

    public override CompressionType Type => CompressionType.Zstd;

    public override int DefaultLevel => 3;

    public override (int Min, int Max) LevelRange => (1, 19);

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        if (t_compressor is null || t_level != level)
        {
            t_compressor?.Dispose();
            t_compressor = new Compressor(level);
            t_level = level;
        }

        return t_compressor.TryWrap(source, destination, out var written) ? written : -1;
    }

    public override unsafe bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* pointer = source)
        {
            using var input = new UnmanagedMemoryStream(pointer, source.Length);
            using var stream = new DecompressionStream(input);
            try
            {
                return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) == destination.Length;
            }
            catch (ZstdException)
            {
                return false;
            }
        }
    }
}
