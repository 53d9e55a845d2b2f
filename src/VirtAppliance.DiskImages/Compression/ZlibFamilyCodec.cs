using System.IO.Compression;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>Deflate through .NET's zlib-ng, framed as the subclass says (raw for qcow2, zlib for VMDK grains).</summary>
internal abstract class ZlibFamilyCodec : ClusterCodec
{
    [ThreadStatic]
    private static byte[]? t_scratch;

    public override CompressionType Type => CompressionType.Zlib;

    public override int DefaultLevel => 6;

    public override (int Min, int Max) LevelRange => (1, 9);

    protected abstract Stream Compressor(Stream sink, int level);

    protected abstract Stream Decompressor(Stream source);

    public override int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var scratch = t_scratch is { } existing && existing.Length >= destination.Length ? existing : t_scratch = new byte[destination.Length];
        var sink = new BoundedBufferStream(scratch) { Limit = destination.Length };
        using (var compressor = Compressor(sink, level))
        {
            compressor.Write(source);
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
            using var decompressor = Decompressor(input);
            try
            {
                return decompressor.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) == destination.Length;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
    }

    protected static ZLibCompressionOptions Options(int level) => new() { CompressionLevel = level };
}
