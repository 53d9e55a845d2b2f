using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Conversion;

/// <summary>Everything this library writes passes qemu-img check and compares identical to its source.</summary>
[Trait("Category", "Tools")]
public sealed class ConvertTests
{
    private const long Size = (8L << 20) + 4096 * 3;

    public static TheoryData<bool, CompressionType, int?, int, int, int> Matrix => new()
    {
        { false, CompressionType.Zlib, null, 65536, 16, 3 },
        { false, CompressionType.Zlib, null, 512, 16, 3 },
        { false, CompressionType.Zlib, null, 2 << 20, 16, 3 },
        { false, CompressionType.Zlib, null, 65536, 1, 3 },
        { false, CompressionType.Zlib, null, 4096, 64, 3 },
        { false, CompressionType.Zlib, null, 65536, 16, 2 },
        { true, CompressionType.Zlib, null, 65536, 16, 3 },
        { true, CompressionType.Zlib, 1, 65536, 16, 3 },
        { true, CompressionType.Zlib, 9, 4096, 16, 3 },
        { true, CompressionType.Zlib, null, 65536, 16, 2 },
        { true, CompressionType.Zlib, null, 65536, 1, 3 },
        { true, CompressionType.Zlib, null, 512, 8, 3 },
        { true, CompressionType.Zstd, null, 65536, 16, 3 },
        { true, CompressionType.Zstd, 19, 2 << 20, 16, 3 },
        { true, CompressionType.Zstd, 1, 4096, 2, 3 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Qcow2OutputPassesQemuImgCheckAndCompare(bool compress, CompressionType type, int? level, int clusterSize, int refcountBits, int version)
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(source, Size, clusterSize + refcountBits);
        var output = dir.File("out.qcow2");
        ImageConverter.Convert(source, output, new ConvertOptions
        {
            OutputFormat = Qcow2Format.Instance,
            Compress = compress,
            Compression = type,
            CompressionLevel = level,
            Qcow2 = new Qcow2CreateOptions { Capacity = 0, ClusterSize = clusterSize, RefcountBits = refcountBits, Version = version },
        });

        AssertCleanCheck(output);
        AssertIdentical(source, output);
        var info = QemuImg("info", "--output=json", output);
        Assert.Contains(type == CompressionType.Zstd && compress ? "\"compression-type\": \"zstd\"" : "\"compression-type\": \"zlib\"", info);
        using var reread = DiskImageOpener.Open(output);
        SampleDisk.AssertSame(expected, SampleDisk.ReadAll(reread));
        Assert.True(ImageChecker.Check(output).IsClean);
        if (compress && clusterSize <= 65536 && refcountBits > 1)
        {
            Assert.True(new FileInfo(output).Length < new FileInfo(source).Length / 2, "compressed output is not smaller");
        }
    }

    [Fact]
    public void QemuImgCompressedImagesConvertBackToRaw()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        SampleDisk.WriteRaw(source, Size, 5);
        foreach (var type in new[] { "zlib", "zstd" })
        {
            var compressed = dir.File($"{type}.qcow2");
            QemuImg("convert", "-c", "-O", "qcow2", "-o", $"compression_type={type}", source, compressed);
            var raw = dir.File($"{type}.raw");
            ImageConverter.Convert(compressed, raw, new ConvertOptions { OutputFormat = RawFormat.Instance });
            AssertIdentical(source, raw);
            Assert.True(HostFile.AllocatedBytes(raw) < new FileInfo(raw).Length, "raw output is not sparse");
        }
    }

    [Fact]
    public void ConvertsAnOverlayChainIntoOneFlatImage()
    {
        using var dir = new TempDirectory();
        var baseImage = dir.File("base.qcow2");
        SampleDisk.WriteRaw(dir.File("base.raw"), Size, 9);
        QemuImg("convert", "-O", "qcow2", dir.File("base.raw"), baseImage);
        var overlay = dir.File("overlay.qcow2");
        QemuImg("create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", overlay);
        QemuIo(overlay, "write -P 0x5a 100k 300k", "write -z 2M 1M");
        var flat = dir.File("flat.qcow2");
        ImageConverter.Convert(overlay, flat, new ConvertOptions { OutputFormat = Qcow2Format.Instance, Compress = true });
        AssertCleanCheck(flat);
        AssertIdentical(overlay, flat);
        Assert.DoesNotContain("backing", QemuImg("info", flat));
    }

    [Fact]
    public void MeasureIsAnUpperBoundOfTheOutputAndCloseToQemuImg()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        SampleDisk.WriteRaw(source, Size, 21);
        var output = dir.File("out.qcow2");
        ImageConverter.Convert(source, output, new ConvertOptions { OutputFormat = Qcow2Format.Instance });
        using var image = DiskImageOpener.Open(source);
        var estimate = ImageMeasurer.Measure(image, Qcow2Format.Instance);
        Assert.True(estimate.Required >= new FileInfo(output).Length, $"measured {estimate.Required} < written {new FileInfo(output).Length}");
        var qemu = QemuImg("measure", "--output=json", "-O", "qcow2", source);
        var qemuRequired = long.Parse(System.Text.RegularExpressions.Regex.Match(qemu, "\"required\": (\\d+)").Groups[1].Value);
        Assert.InRange(estimate.Required, qemuRequired * 9 / 10, qemuRequired * 11 / 10 + 262144);
    }

    [Fact]
    public void RawToRawKeepsHolesAndContents()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(source, Size, 13);
        var output = dir.File("copy.raw");
        ImageConverter.Convert(source, output, new ConvertOptions { OutputFormat = RawFormat.Instance });
        SampleDisk.AssertSame(expected, File.ReadAllBytes(output));
        Assert.True(HostFile.AllocatedBytes(output) <= HostFile.AllocatedBytes(source));
    }

    [Fact]
    public void ProgressReachesTheTotal()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        SampleDisk.WriteRaw(source, Size, 17);
        var reports = new List<TransferProgress>();
        ImageConverter.Convert(source, dir.File("out.qcow2"), new ConvertOptions { OutputFormat = Qcow2Format.Instance, Compress = true },
            new SynchronousProgress(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(reports[^1].Total, reports[^1].Done);
        Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.Done <= pair.Second.Done));
    }

    [Fact]
    public void CancelledConversionLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        SampleDisk.WriteRaw(source, Size, 19);
        using var cancellation = new CancellationTokenSource();
        var output = dir.File("out.qcow2");
        Assert.ThrowsAny<OperationCanceledException>(() => ImageConverter.Convert(source, output,
            new ConvertOptions { OutputFormat = Qcow2Format.Instance, Compress = true },
            new SynchronousProgress(_ => cancellation.Cancel()), cancellation.Token));
        Assert.Equal(["source.raw"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
