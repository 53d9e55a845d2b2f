using System.IO.Compression;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>Raw deflate (RFC 1951) through .NET's zlib-ng, as qcow2 compression type 0 stores it.</summary>
internal sealed class DeflateCodec : ClusterCodec
{
    public static DeflateCodec Instance { get; } = new();

    [ThreadStatic]
    private static byte[]? t_scratch;

    public override CompressionType Type => CompressionType.Zlib;

    public override int DefaultLevel => 6;

    public override (int Min, int Max) LevelRange => (1, 9);

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var scratch = t_scratch is { } existing && existing.Length >= destination.Length
            ? existing
            : t_scratch = new byte[destination.Length];
        var sink = new BoundedBufferStream(scratch) { Limit = destination.Length };
        using (var deflate = new DeflateStream(sink, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            deflate.Write(source);
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
            using var inflate = new DeflateStream(input, CompressionMode.Decompress);
            try
            {
                return inflate.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) == destination.Length;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
    }
}
