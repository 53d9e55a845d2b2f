namespace VirtAppliance.DiskImages.Compression;

/// <summary>Which library compresses and decompresses clusters of each type on this machine (for --verbose and the benchmarks).</summary>
public static class CompressionLibraries
{
    /// <summary>libdeflate or .NET's zlib-ng for zlib; the system libzstd or ZstdSharp for zstd.</summary>
    public static string For(CompressionType type) => type switch
    {
        CompressionType.Zlib => LibdeflateCodec.IsAvailable ? "libdeflate" : "zlib-ng (.NET)",
        CompressionType.Zstd => NativeZstdCodec.IsAvailable ? "libzstd" : "ZstdSharp",
        _ => "none",
    };
}
