using System.IO.Compression;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>Raw deflate (RFC 1951), as qcow2 compression type 0 stores it.</summary>
internal sealed class DeflateCodec : ZlibFamilyCodec
{
    public static DeflateCodec Instance { get; } = new();

    protected override Stream Compressor(Stream sink, int level) => new DeflateStream(sink, Options(level), leaveOpen: true);

    protected override Stream Decompressor(Stream source) => new DeflateStream(source, CompressionMode.Decompress);
}
