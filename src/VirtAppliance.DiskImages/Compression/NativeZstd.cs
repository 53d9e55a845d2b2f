using System.Runtime.InteropServices;

namespace VirtAppliance.DiskImages.Compression;

/// <summary>The few libzstd (Debian libzstd1) entry points the codec needs.</summary>
internal static partial class NativeZstd
{
    private const string Library = "libzstd.so.1";

    public const int ResetSessionOnly = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct Buffer
    {
        public nint Data;
        public nuint Size;
        public nuint Position;
    }

    [LibraryImport(Library, EntryPoint = "ZSTD_versionString")]
    public static partial nint VersionString();

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")]
    public static partial nint CreateCCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCCtx(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_compressCCtx")]
    public static unsafe partial nuint CompressCCtx(nint context, byte* destination, nuint capacity, byte* source, nuint size, int level);

    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")]
    public static partial nint CreateDCtx();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(nint context);

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_reset")]
    public static partial nuint ResetDCtx(nint context, int directive);

    /// <summary>ZSTD_d_windowLogMax: the largest window a frame may ask the decoder to allocate.</summary>
    public const int WindowLogMaxParameter = 100;

    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_setParameter")]
    public static partial nuint SetDecompressionParameter(nint context, int parameter, int value);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    public static unsafe partial nuint DecompressStream(nint context, Buffer* output, Buffer* input);

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    public static partial nint ErrorName(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_maxCLevel")]
    public static partial int MaxLevel();
}
