using System.IO.Compression;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>Deflate inside a zlib (RFC 1950) frame, as VMDK stores compressed grains.</summary>
internal sealed class ZlibFramedCodec : ClusterCodec
{
    public static ZlibFramedCodec Instance { get; } = new();

    [ThreadStatic]
    private static byte[]? t_scratch;

    public override CompressionType Type => CompressionType.Zlib;

    public override int DefaultLevel => 6;

    public override (int Min, int Max) LevelRange => (1, 9);

    /// <summary>Room that always suffices for deflate's worst case (stored blocks) plus the frame.</summary>
    public static int MaxCompressedLength(int length) => length + length / 1000 * 5 + 64;

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var scratch = t_scratch is { } existing && existing.Length >= destination.Length ? existing : t_scratch = new byte[destination.Length];
        var sink = new BoundedBufferStream(scratch) { Limit = destination.Length };
        using (var zlib = new ZLibStream(sink, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            zlib.Write(source);
        }

        if (sink.Overflowed)
        {
            return -1;
        }

        scratch.AsSpan(0, sink.Length32).CopyTo(destination);
        return sink.Length32;
    }

    public override unsafe bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* pointer = source)
        {
            using var input = new UnmanagedMemoryStream(pointer, source.Length);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            try
            {
                return zlib.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) == destination.Length;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
    }
}
