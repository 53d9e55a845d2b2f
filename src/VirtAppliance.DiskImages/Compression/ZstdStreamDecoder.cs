namespace VirtAppliance.DiskImages.Compression;

/// <summary>
/// Decodes a stream of zstd frames as its bytes arrive and says where each frame ends, so that a download can
/// record resumable points. The system libzstd where it loads, ZstdSharp's port of the same code otherwise.
/// </summary>
public sealed unsafe class ZstdStreamDecoder : IDisposable
{
    /// <summary>
    /// The largest window (2^23 = 8 MiB) a frame may make the decoder allocate; zstd's own limit is 128 MiB. Frames of
    /// disk images at the usual levels use 2-8 MiB.
    /// </summary>
    public const int WindowLogMax = 23;

    private readonly bool native;
    private nint context;

    /// <summary>A decoder at the start of a frame.</summary>
    public ZstdStreamDecoder()
        : this(NativeZstdCodec.IsAvailable)
    {
    }

    /// <summary>A decoder through the system libzstd or through ZstdSharp, for tests of both.</summary>
    internal ZstdStreamDecoder(bool useNative)
    {
        native = useNative;
        context = native ? NativeZstd.CreateDCtx() : (nint)ZstdSharp.Unsafe.Methods.ZSTD_createDCtx();
        if (context == 0)
        {
            throw new OutOfMemoryException("zstd could not allocate a decompression context");
        }

        var limited = native
            ? NativeZstd.IsError(NativeZstd.SetDecompressionParameter(context, NativeZstd.WindowLogMaxParameter, WindowLogMax)) == 0
            : !ZstdSharp.Unsafe.Methods.ZSTD_isError(ZstdSharp.Unsafe.Methods.ZSTD_DCtx_setParameter((ZstdSharp.Unsafe.ZSTD_DCtx_s*)context, ZstdSharp.Unsafe.ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLogMax));
        if (!limited)
        {
            Dispose();
            throw new InvalidOperationException("zstd refused the window limit");
        }
    }

    /// <summary>
    /// Decodes from <paramref name="input"/> into <paramref name="output"/> as far as either allows, stopping at the end
    /// of a frame. Returns true when a frame ended exactly there: everything up to <paramref name="consumed"/> is then
    /// whole frames, and the next call starts a new one.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid zstd stream.</exception>
    public bool Decode(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        ObjectDisposedException.ThrowIf(context == 0, this);
        fixed (byte* source = input)
        fixed (byte* destination = output)
        {
            nuint result;
            if (native)
            {
                var inBuffer = new NativeZstd.Buffer { Data = (nint)source, Size = (nuint)input.Length };
                var outBuffer = new NativeZstd.Buffer { Data = (nint)destination, Size = (nuint)output.Length };
                result = NativeZstd.DecompressStream(context, &outBuffer, &inBuffer);
                consumed = (int)inBuffer.Position;
                produced = (int)outBuffer.Position;
                if (NativeZstd.IsError(result) != 0)
                {
                    throw new InvalidDataException($"not a valid zstd stream ({Marshal(NativeZstd.ErrorName(result))})");
                }
            }
            else
            {
                var inBuffer = new ZstdSharp.Unsafe.ZSTD_inBuffer_s { src = source, size = (nuint)input.Length };
                var outBuffer = new ZstdSharp.Unsafe.ZSTD_outBuffer_s { dst = destination, size = (nuint)output.Length };
                result = ZstdSharp.Unsafe.Methods.ZSTD_decompressStream((ZstdSharp.Unsafe.ZSTD_DCtx_s*)context, &outBuffer, &inBuffer);
                consumed = (int)inBuffer.pos;
                produced = (int)outBuffer.pos;
                if (ZstdSharp.Unsafe.Methods.ZSTD_isError(result))
                {
                    throw new InvalidDataException($"not a valid zstd stream ({ZstdSharp.Unsafe.Methods.ZSTD_getErrorName(result)})");
                }
            }

            return result == 0;
        }
    }

    /// <summary>Frees the decompression context.</summary>
    public void Dispose()
    {
        if (context == 0)
        {
            return;
        }

        if (native)
        {
            NativeZstd.FreeDCtx(context);
        }
        else
        {
            ZstdSharp.Unsafe.Methods.ZSTD_freeDCtx((ZstdSharp.Unsafe.ZSTD_DCtx_s*)context);
        }

        context = 0;
    }

    private static string Marshal(nint text) => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(text) ?? "unknown error";
}
