namespace VirtAppliance.DiskImages.Tests.Infrastructure;

[Trait("Category", "Fast")]
public sealed class DataRunsTests
{
    [Fact]
    public void Data_blocks_that_follow_each_other_form_one_run_and_zero_blocks_end_it()
    {
        // Blocks of 4: data, data, zeros, data (partly zero, still data), zeros, and a last short data block.
        byte[] data = [1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 9];

        Assert.Equal([new DataRun(0, 8), new DataRun(12, 4), new DataRun(20, 1)], Runs(data, 0, 4));
    }

    [Fact]
    public void Blocks_are_cut_at_multiples_of_the_granularity_in_the_image_not_in_the_buffer()
    {
        // The buffer starts at image offset 6: its first block is 2 bytes (6-7), then 8-11 and 12-15.
        byte[] data = [0, 0, 0, 0, 0, 5, 0, 0, 0, 0];

        Assert.Equal([new DataRun(2, 4)], Runs(data, 6, 4));
        Assert.Equal([new DataRun(0, 8)], Runs(data, 0, 8));
    }

    [Fact]
    public void Zeros_and_empty_buffers_have_no_runs()
    {
        Assert.Empty(Runs(new byte[100], 0, 16));
        Assert.Empty(Runs([], 0, 16));
    }

    [Fact]
    public void However_the_bytes_are_split_into_buffers_every_zero_block_stays_a_hole_and_every_data_byte_is_written()
    {
        const int Granularity = 64;
        var random = new Random(28);
        var image = new byte[Granularity * 200];
        for (var block = 0; block < 200; block++)
        {
            if (random.Next(3) > 0)
            {
                image[block * Granularity + random.Next(Granularity)] = (byte)(1 + random.Next(255));
            }
        }

        var blocks = image.Chunk(Granularity).ToArray();
        var dataBlockBytes = Enumerable.Range(0, image.Length).Where(i => blocks[i / Granularity].Any(b => b != 0)).Select(i => (long)i);
        Assert.Equal(dataBlockBytes, Written(image, [image.Length]));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var sizes = new List<int>();
            for (var left = image.Length; left > 0;)
            {
                var size = Math.Min(left, 1 + random.Next(3 * Granularity));
                sizes.Add(size);
                left -= size;
            }

            var written = Written(image, sizes);
            Assert.All(Enumerable.Range(0, image.Length).Where(i => image[i] != 0), i => Assert.Contains(i, written));
            Assert.All(written, offset => Assert.Contains(blocks[offset / Granularity], b => b != 0));
        }
    }

    [Fact]
    public void A_granularity_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataRuns.In([1], 0, 0));
    }

    private static List<DataRun> Runs(ReadOnlySpan<byte> data, long offset, int granularity)
    {
        var runs = new List<DataRun>();
        foreach (var run in DataRuns.In(data, offset, granularity))
        {
            runs.Add(run);
        }

        return runs;
    }

    /// <summary>The image offsets covered by runs when the image comes in buffers of the given sizes.</summary>
    private static SortedSet<long> Written(byte[] image, IReadOnlyList<int> sizes)
    {
        var covered = new SortedSet<long>();
        var offset = 0L;
        foreach (var size in sizes)
        {
            foreach (var run in Runs(image.AsSpan((int)offset, size), offset, 64))
            {
                for (var i = 0; i < run.Length; i++)
                {
                    Assert.True(covered.Add(offset + run.Start + i));
                }
            }

            offset += size;
        }

        return covered;
    }
}
