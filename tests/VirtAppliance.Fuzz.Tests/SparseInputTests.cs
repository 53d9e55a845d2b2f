namespace VirtAppliance.Fuzz.Tests;

[Trait("Category", "Fast")]
public sealed class SparseInputTests
{
    [Fact]
    public void An_image_packed_to_its_non_zero_runs_unpacks_to_the_same_bytes()
    {
        var random = new Random(11);
        var file = new byte[3 << 20];
        foreach (var at in new[] { 0, 4096, 70_000, 1 << 20, (3 << 20) - 600 })
        {
            random.NextBytes(file.AsSpan(at, 300));
        }

        random.NextBytes(file.AsSpan(2 << 20, 200_000));
        var packed = SparseInput.Pack(file);
        Assert.True(packed.Length < 220_000, $"packed to {packed.Length} bytes");
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Folder, "unpacked");
        SparseInput.Unpack(packed, path);
        Assert.Equal(file, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_truncated_chunk_is_written_as_far_as_it_goes()
    {
        var packed = SparseInput.Pack([0, 0, 7, 7, 7]);
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Folder, "unpacked");
        SparseInput.Unpack(packed.AsSpan(0, 8), path);
        Assert.Equal(new byte[] { 0, 0 }, File.ReadAllBytes(path));
    }
}
