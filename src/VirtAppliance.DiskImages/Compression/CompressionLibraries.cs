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

    /// <summary>The native libraries the codecs load when present, with the version each reports (libdeflate reports none).</summary>
    public static IReadOnlyList<NativeCompressionLibrary> Native() =>
    [
        new("libzstd", "libzstd.so.1", NativeZstdCodec.IsAvailable, NativeZstdCodec.IsAvailable ? System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeZstd.VersionString()) : null),
        new("libdeflate", NativeDeflate.Library, LibdeflateCodec.IsAvailable, null),
    ];
}
