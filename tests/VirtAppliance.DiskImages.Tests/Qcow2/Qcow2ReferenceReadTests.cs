using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Qcow2;

/// <summary>Images written by qemu-img across its option matrix read back byte for byte, and check clean.</summary>
[Trait("Category", "Tools")]
public sealed class Qcow2ReferenceReadTests
{
    private const long Size = 6 * 1024 * 1024 + 12345 * 0;

    public static TheoryData<string, bool> Matrix => new()
    {
        { "compat=1.1", false },
        { "compat=0.10", false },
        { "cluster_size=512", false },
        { "cluster_size=4096", false },
        { "cluster_size=2M", false },
        { "refcount_bits=1", false },
        { "refcount_bits=2", false },
        { "refcount_bits=8", false },
        { "refcount_bits=64", false },
        { "extended_l2=on", false },
        { "extended_l2=on,cluster_size=128k", false },
        { "lazy_refcounts=on", false },
        { "preallocation=metadata", false },
        { "preallocation=falloc", false },
        { "compression_type=zlib", true },
        { "compression_type=zstd", true },
        { "compression_type=zlib,cluster_size=4096", true },
        { "compression_type=zstd,cluster_size=2M", true },
        { "compat=0.10", true },
        { "compression_type=zlib,refcount_bits=1", true },
        { "compression_type=zstd,extended_l2=on", true },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void ReadsWhatQemuImgWrote(string options, bool compressed)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(raw, Size, SampleDisk.StableSeed(options));
        var image = dir.File("reference.qcow2");
        var arguments = new List<string> { "convert", "-O", "qcow2", "-o", options };
        if (compressed)
        {
            arguments.Add("-c");
        }

        QemuImg([.. arguments, raw, image]);
        using (var opened = DiskImageOpener.Open(image))
        {
            Assert.IsType<Qcow2Image>(opened);
            SampleDisk.AssertSame(expected, SampleDisk.ReadAll(opened));
            AssertExtentsCover(opened);
        }

        var check = ImageChecker.Check(image);
        Assert.True(check.IsClean, string.Join("\n", check.Problems));
    }

    [Fact]
    public void ZeroClustersWrittenByQemuIoReadAsZero()
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 7);
        var image = dir.File("zeros.qcow2");
        QemuImg("convert", "-O", "qcow2", raw, image);
        QemuIo(image, "write -z 0 1M", "write -z -u 2M 512k", "discard 4M 256k", "write -z 5000 70000");
        var reference = dir.File("reference.raw");
        QemuImg("convert", "-O", "raw", image, reference);

        using var opened = DiskImageOpener.Open(image);
        SampleDisk.AssertSame(File.ReadAllBytes(reference), SampleDisk.ReadAll(opened));
        Assert.Contains(opened.GetOwnExtents(0, opened.Capacity), e => e.Kind == ExtentKind.Zero);
        Assert.True(ImageChecker.Check(image).IsClean);
    }

    [Fact]
    public void ReadsTheActiveStateOfAnImageWithInternalSnapshots()
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 11);
        var image = dir.File("snap.qcow2");
        QemuImg("convert", "-O", "qcow2", raw, image);
        QemuImg("snapshot", "-c", "first", image);
        QemuIo(image, "write -P 0xab 1M 2M", "write -z 3M 64k");
        QemuImg("snapshot", "-c", "second", image);
        QemuIo(image, "write -P 0xcd 64k 8k");
        var reference = dir.File("active.raw");
        QemuImg("convert", "-O", "raw", image, reference);

        using (var opened = Qcow2Image.Open(image, writable: false))
        {
            Assert.Equal(2, opened.SnapshotCount);
            SampleDisk.AssertSame(File.ReadAllBytes(reference), SampleDisk.ReadAll(opened));
        }

        var check = ImageChecker.Check(image);
        Assert.True(check.IsClean, string.Join("\n", check.Problems));
    }

    [Fact]
    public void ReadsPersistentBitmapsImagesAndChecksThemClean()
    {
        using var dir = new TempDirectory();
        var image = dir.File("bitmaps.qcow2");
        QemuImg("create", "-f", "qcow2", image, "8M");
        QemuImg("bitmap", "--add", image, "b0");
        QemuIo(image, "write -P 0x11 0 1M");
        var check = ImageChecker.Check(image);
        Assert.True(check.IsClean, string.Join("\n", check.Problems));
        using var opened = DiskImageOpener.Open(image);
        var data = new byte[1 << 20];
        opened.Read(0, data);
        Assert.All(data, b => Assert.Equal(0x11, b));
    }

    private static void AssertExtentsCover(DiskImage image)
    {
        var position = 0L;
        foreach (var extent in image.GetExtents(0, image.Capacity))
        {
            Assert.Equal(position, extent.Offset);
            Assert.True(extent.Length > 0);
            Assert.NotEqual(ExtentKind.Unallocated, extent.Kind);
            position = extent.End;
        }

        Assert.Equal(image.Capacity, position);
    }
}
