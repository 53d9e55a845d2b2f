using VirtAppliance.DiskImages.Compression;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Vmdk;
using VirtAppliance.TestSupport;

namespace VirtAppliance.DiskImages.Tests.Compression;

/// <summary>
/// libdeflate and .NET's zlib-ng are interchangeable: each reads what the other writes, raw (qcow2 clusters) and
/// zlib-framed (VMDK grains), at every level; bad data is refused by both, and bytes after the stream are ignored.
/// libdeflate comes from Debian's libdeflate0 (scripts/setup.sh), so these are not in the SDK-only fast tier.
/// </summary>
[Trait("Category", "Tools")]
public sealed class DeflateCodecTests
{
    private const int Cluster = 65536;

    public static TheoryData<bool, int> FramingsAndLevels()
    {
        var data = new TheoryData<bool, int>();
        foreach (var framed in new[] { false, true })
        {
            for (var level = 1; level <= 9; level++)
            {
                data.Add(framed, level);
            }
        }

        return data;
    }

    private static (ClusterCodec Native, ClusterCodec Managed) Codecs(bool framed)
    {
        Assert.True(LibdeflateCodec.IsAvailable, "libdeflate.so.0 does not load: install libdeflate0 (scripts/setup.sh does)");
        return framed ? (LibdeflateCodec.Framed, ZlibFramedCodec.Instance) : (LibdeflateCodec.Raw, DeflateCodec.Instance);
    }

    /// <summary>Half text-like (compressible), half random: what a disk cluster looks like.</summary>
    private static byte[] Cluster_(int seed)
    {
        var data = new byte[Cluster];
        var random = new Random(seed);
        random.NextBytes(data.AsSpan(Cluster / 2));
        for (var i = 0; i < Cluster / 2; i++)
        {
            data[i] = (byte)"appliance disk cluster "[(i + random.Next(3)) % 23];
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FramingsAndLevels))]
    public void Each_library_reads_what_the_other_writes(bool framed, int level)
    {
        var (native, managed) = Codecs(framed);
        var cluster = Cluster_(level);
        foreach (var (writer, reader) in new[] { (native, managed), (managed, native) })
        {
            var compressed = new byte[Cluster + 1024];
            var length = writer.Compress(cluster, compressed, level);
            Assert.InRange(length, 1, Cluster);
            var back = new byte[Cluster];
            Assert.True(reader.TryDecompress(compressed.AsSpan(0, length), back), $"{reader.GetType().Name} could not read {writer.GetType().Name}'s level {level}");
            Assert.Equal(cluster, back);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_after_the_stream_are_ignored_as_qcow2_sectors_and_vmdk_padding_need(bool framed)
    {
        var (native, _) = Codecs(framed);
        var cluster = Cluster_(3);
        var compressed = new byte[Cluster * 2];
        var length = native.Compress(cluster, compressed, 6);
        new Random(4).NextBytes(compressed.AsSpan(length, 700));
        var back = new byte[Cluster];

        Assert.True(native.TryDecompress(compressed.AsSpan(0, length + 700), back));
        Assert.Equal(cluster, back);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Damaged_or_short_data_is_refused_and_a_full_destination_is_reported(bool framed)
    {
        var (native, managed) = Codecs(framed);
        var cluster = Cluster_(5);
        var compressed = new byte[Cluster + 1024];
        var length = native.Compress(cluster, compressed, 6);
        var back = new byte[Cluster];

        Assert.False(native.TryDecompress(compressed.AsSpan(0, length / 2), back));
        Assert.False(managed.TryDecompress(compressed.AsSpan(0, length / 2), back));
        Assert.False(native.TryDecompress(new byte[64], back));
        Assert.Equal(-1, native.Compress(cluster, new byte[100], 6));
    }

    [Fact]
    public void The_codec_in_use_is_libdeflate_for_zlib_and_libzstd_for_zstd()
    {
        Assert.Equal("libdeflate", CompressionLibraries.For(CompressionType.Zlib));
        Assert.Same(LibdeflateCodec.Raw, ClusterCodec.For(CompressionType.Zlib));
        Assert.Same(LibdeflateCodec.Framed, ClusterCodec.ZlibFramed);
        Assert.Equal("libzstd", CompressionLibraries.For(CompressionType.Zstd));
    }
}

/// <summary>What libdeflate compresses, qemu-img reads: qcow2 deflate clusters and VMDK stream grains at every level.</summary>
[Trait("Category", "Tools")]
public sealed class DeflateOutputTests
{
    private const long Size = (8L << 20) + 4096 * 3;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void Qcow2_and_streamOptimized_VMDK_at_every_level_pass_qemu_img_check_and_compare(int level)
    {
        Assert.Equal("libdeflate", CompressionLibraries.For(CompressionType.Zlib));
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        SampleDisk.WriteRaw(source, Size, 8);
        foreach (var (name, options) in new[]
        {
            ("out.qcow2", new ConvertOptions { OutputFormat = Qcow2Format.Instance, Compress = true, Compression = CompressionType.Zlib, CompressionLevel = level }),
            ("out.vmdk", new ConvertOptions { OutputFormat = VmdkFormat.Instance, Subformat = "streamOptimized", CompressionLevel = level }),
        })
        {
            var output = dir.File(name);
            ImageConverter.Convert(source, output, options);
            ExternalTool.AssertCleanCheck(output);
            ExternalTool.AssertIdentical(source, output);
            Assert.True(new FileInfo(output).Length < new FileInfo(source).Length / 2, $"{name} at level {level} is not compressed");
        }
    }
}
