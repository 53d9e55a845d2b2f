namespace VirtAppliance.DiskImages.Compression;

/// <summary>zstd frames through the system libzstd, one compression and one decompression context per thread.</summary>
internal sealed class NativeZstdCodec : ClusterCodec
{
    public static NativeZstdCodec Instance { get; } = new();

    /// <summary>Whether the system's libzstd.so.1 loads (Debian's libzstd1); ZstdSharp serves where it does not.</summary>
    public static bool IsAvailable { get; } = System.Runtime.InteropServices.NativeLibrary.TryLoad("libzstd.so.1", out _);

    [ThreadStatic]
    private static ZstdContexts? t_contexts;

    public override CompressionType Type => CompressionType.Zstd;

    public override int DefaultLevel => 3;

    public override (int Min, int Max) LevelRange => (1, 19);

    public override unsafe int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var contexts = t_contexts ??= new ZstdContexts();
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            var result = NativeZstd.CompressCCtx(contexts.Compression, output, (nuint)destination.Length, input, (nuint)source.Length, level);
            return NativeZstd.IsError(result) != 0 ? -1 : (int)result;
        }
    }

    public override unsafe bool TryDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var contexts = t_contexts ??= new ZstdContexts();
        NativeZstd.ResetDCtx(contexts.Decompression, NativeZstd.ResetSessionOnly);
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            var inBuffer = new NativeZstd.Buffer { Data = (nint)input, Size = (nuint)source.Length };
            var outBuffer = new NativeZstd.Buffer { Data = (nint)output, Size = (nuint)destination.Length };
            while (outBuffer.Position < outBuffer.Size)
            {
                var before = inBuffer.Position + outBuffer.Position;
                var result = NativeZstd.DecompressStream(contexts.Decompression, &outBuffer, &inBuffer);
                if (NativeZstd.IsError(result) != 0 || (result == 0 && outBuffer.Position < outBuffer.Size))
                {
                    return false;
                }

                if (inBuffer.Position + outBuffer.Position == before)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class ZstdContexts
    {
        public nint Compression { get; } = NativeZstd.CreateCCtx();

        public nint Decompression { get; } = NativeZstd.CreateDCtx();

        ~ZstdContexts()
        {
            NativeZstd.FreeCCtx(Compression);
            NativeZstd.FreeDCtx(Decompression);
        }
    }
}
