using System.Runtime.InteropServices;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>The libdeflate (Debian libdeflate0) entry points the codec needs: whole-buffer deflate, raw and zlib-framed.</summary>
internal static partial class NativeDeflate
{
    public const string Library = "libdeflate.so.0";

    /// <summary>libdeflate_result.</summary>
    public enum Result
    {
        Success = 0,
        BadData = 1,
        ShortOutput = 2,
        InsufficientSpace = 3,
    }

    [LibraryImport(Library, EntryPoint = "libdeflate_alloc_compressor")]
    public static partial nint AllocCompressor(int level);

    [LibraryImport(Library, EntryPoint = "libdeflate_free_compressor")]
    public static partial void FreeCompressor(nint compressor);

    /// <summary>Returns the compressed length, or 0 when it does not fit.</summary>
    [LibraryImport(Library, EntryPoint = "libdeflate_deflate_compress")]
    public static unsafe partial nuint DeflateCompress(nint compressor, byte* input, nuint length, byte* output, nuint capacity);

    [LibraryImport(Library, EntryPoint = "libdeflate_zlib_compress")]
    public static unsafe partial nuint ZlibCompress(nint compressor, byte* input, nuint length, byte* output, nuint capacity);

    [LibraryImport(Library, EntryPoint = "libdeflate_alloc_decompressor")]
    public static partial nint AllocDecompressor();

    [LibraryImport(Library, EntryPoint = "libdeflate_free_decompressor")]
    public static partial void FreeDecompressor(nint decompressor);

    /// <summary>With a null actualOutput, the data must decompress to exactly the capacity; actualInput lets bytes follow the stream.</summary>
    [LibraryImport(Library, EntryPoint = "libdeflate_deflate_decompress_ex")]
    public static unsafe partial Result DeflateDecompress(nint decompressor, byte* input, nuint length, byte* output, nuint capacity, nuint* actualInput, nuint* actualOutput);

    [LibraryImport(Library, EntryPoint = "libdeflate_zlib_decompress_ex")]
    public static unsafe partial Result ZlibDecompress(nint decompressor, byte* input, nuint length, byte* output, nuint capacity, nuint* actualInput, nuint* actualOutput);
}
