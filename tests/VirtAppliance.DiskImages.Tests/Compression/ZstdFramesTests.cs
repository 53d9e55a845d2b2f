using VirtAppliance.DiskImages.Compression;

namespace VirtAppliance.DiskImages.Tests.Compression;

[Trait("Category", "Fast")]
public sealed class ZstdFramesTests
{
    private static byte[] Data(int size, int seed = 7)
    {
        var data = new byte[size];
        var random = new Random(seed);
        for (var block = 0; block < size; block += 4096)
        {
            random.NextBytes(data.AsSpan(block, Math.Min(1024, size - block)));
        }

        return data;
    }

    private static byte[] Frame(ReadOnlySpan<byte> content)
    {
        var frame = new byte[ZstdFrames.CompressBound(content.Length)];
        return frame[..ZstdFrames.Compress(content, frame)];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(65_792)]
    [InlineData(8 << 20)]
    public void A_frame_fits_its_bound_and_declares_its_content_size(int size)
    {
        var frame = Frame(Data(size));
        Assert.True(frame.Length <= ZstdFrames.CompressBound(size));
        Assert.Equal((ulong)size, ZstdSharp.Decompressor.GetDecompressedSize(frame));
    }

    public static TheoryData<bool, int, int> DecodersAndChunks()
    {
        var data = new TheoryData<bool, int, int>();
        foreach (var native in new[] { true, false })
        {
            data.Add(native, 1, 1);
            data.Add(native, 7, 1000);
            data.Add(native, 4096, 65536);
            data.Add(native, 1 << 20, 1 << 20);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DecodersAndChunks))]
    public void Concatenated_frames_decode_to_their_content_and_each_boundary_is_reported_where_it_is(bool native, int inputChunk, int outputChunk)
    {
        int[] sizes = [300_000, 0, 1, 2 << 20, 70_000];
        var contents = sizes.Select((s, i) => Data(s, i)).ToArray();
        var frames = contents.Select(c => Frame(c)).ToArray();
        var stream = frames.SelectMany(f => f).ToArray();
        var expectedEnds = frames.Select((_, i) => frames.Take(i + 1).Sum(x => x.Length)).ToList();

        using var decoder = new ZstdStreamDecoder(native);
        var output = new List<byte>();
        var ends = new List<int>();
        var buffer = new byte[outputChunk];
        void Decode(ReadOnlySpan<byte> input, int at, out int consumed, out int produced)
        {
            var ended = decoder.Decode(input, buffer, out consumed, out produced);
            output.AddRange(buffer.AsSpan(0, produced).ToArray());
            if (ended)
            {
                ends.Add(at + consumed);
            }
        }

        for (var position = 0; position < stream.Length; position += inputChunk)
        {
            var chunk = stream.AsSpan(position, Math.Min(inputChunk, stream.Length - position));
            for (var used = 0; used < chunk.Length;)
            {
                Decode(chunk[used..], position + used, out var consumed, out _);
                used += consumed;
            }
        }

        // What the decoder still holds once the input is all given.
        int made;
        do
        {
            Decode([], stream.Length, out _, out made);
        }
        while (made > 0);

        Assert.Equal(contents.SelectMany(c => c).ToArray(), output.ToArray());
        Assert.Equal(expectedEnds, ends.Distinct().ToList());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_frame_that_asks_for_a_window_beyond_the_limit_is_refused(bool native)
    {
        using var stream = new MemoryStream();
        using (var compressor = new ZstdSharp.CompressionStream(stream, 19))
        {
            compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_windowLog, ZstdStreamDecoder.WindowLogMax + 1);
            compressor.Write(Data(1 << 20));
        }

        using var decoder = new ZstdStreamDecoder(native);
        var error = Assert.Throws<InvalidDataException>(() => decoder.Decode(stream.ToArray(), new byte[1 << 20], out _, out _));
        Assert.Contains("Frame requires too much memory", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bytes_that_are_not_zstd_are_an_error_that_says_so(bool native)
    {
        using var decoder = new ZstdStreamDecoder(native);
        var error = Assert.Throws<InvalidDataException>(() => decoder.Decode("this is not a zstd frame"u8, new byte[1024], out _, out _));
        Assert.Contains("not a valid zstd stream", error.Message);
    }
}
