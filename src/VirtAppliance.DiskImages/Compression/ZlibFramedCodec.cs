using System.IO.Compression;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>Deflate inside a zlib (RFC 1950) frame, as VMDK stores compressed grains.</summary>
internal sealed class ZlibFramedCodec : ZlibFamilyCodec
{
    public static ZlibFramedCodec Instance { get; } = new();

    /// <summary>Room that always suffices for deflate's worst case (stored blocks) plus the frame.</summary>
    public static int MaxCompressedLength(int length) => length + length / 1000 * 5 + 64;

    protected override Stream Compressor(Stream sink, int level) => new ZLibStream(sink, Options(level), leaveOpen: true);

    protected override Stream Decompressor(Stream source) => new ZLibStream(source, CompressionMode.Decompress);
}
