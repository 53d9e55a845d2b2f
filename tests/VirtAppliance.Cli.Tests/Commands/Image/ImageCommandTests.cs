using System.Text.Json;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.Cli.Tests.Commands.Image;

[Trait("Category", "Tools")]
public sealed class ImageCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _raw;

    public ImageCommandTests()
    {
        _raw = _dir.File("disk.raw");
        SampleDisk.WriteRaw(_raw, 4 << 20, 1);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void InfoJsonReportsFormatSizesAndBackingChain()
    {
        var baseImage = _dir.File("base.qcow2");
        QemuImg("convert", "-c", "-O", "qcow2", "-o", "compression_type=zstd,cluster_size=4096", _raw, baseImage);
        var overlay = _dir.File("overlay.qcow2");
        QemuImg("create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", overlay);

        var result = CliRunner.Run("image", "info", "--json", overlay);
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("qcow2", root.GetProperty("format").GetString());
        Assert.Equal(4 << 20, root.GetProperty("virtual-size").GetInt64());
        Assert.Equal("base.qcow2", root.GetProperty("backing-filename").GetString());
        var backing = root.GetProperty("backing");
        Assert.Equal(4096, backing.GetProperty("cluster-size").GetInt64());
        Assert.Equal("zstd", backing.GetProperty("compression-type").GetString());
    }

    [Fact]
    public void ConvertWithCompressionIsCheckedCleanByQemuImg()
    {
        var output = _dir.File("out.qcow2");
        var result = CliRunner.Run("image", "convert", "-O", "qcow2", "-c", "--compression", "zstd", "--level", "5", "-o", "cluster_size=32k", _raw, output);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        AssertCleanCheck(output);
        AssertIdentical(_raw, output);
        Assert.Contains("cluster_size: 32768", QemuImg("info", output));
    }

    [Fact]
    public void ConvertOfADamagedImageExits65AndLeavesNothing()
    {
        var damaged = _dir.File("damaged.qcow2");
        File.WriteAllBytes(damaged, [(byte)'Q', (byte)'F', (byte)'I', 0xfb, 0, 0, 0, 3, .. new byte[90]]);
        var result = CliRunner.Run("image", "convert", "-O", "qcow2", damaged, _dir.File("out.qcow2"));
        Assert.Equal(65, result.ExitCode);
        Assert.Contains("damaged.qcow2", result.Error);
        Assert.Equal(["damaged.qcow2", "disk.raw"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void CheckExitCodesFollowQemuImg()
    {
        var image = _dir.File("image.qcow2");
        QemuImg("convert", "-O", "qcow2", _raw, image);
        Assert.Equal(0, CliRunner.Run("image", "check", image).ExitCode);
        Assert.Equal(63, CliRunner.Run("image", "check", _raw).ExitCode);

        var json = CliRunner.Run("image", "check", "--json", image);
        using (var document = JsonDocument.Parse(json.Output))
        {
            Assert.Equal(0, document.RootElement.GetProperty("corruptions").GetInt32());
            Assert.True(document.RootElement.GetProperty("allocated-clusters").GetInt64() > 0);
        }

        var bytes = File.ReadAllBytes(image);
        bytes[48] = 0x7f;
        File.WriteAllBytes(image, bytes);
        var broken = CliRunner.Run("image", "check", image);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("refcount_table_offset", broken.Error);
    }

    [Fact]
    public void CompareExitCodesFollowQemuImg()
    {
        var copy = _dir.File("copy.qcow2");
        QemuImg("convert", "-O", "qcow2", _raw, copy);
        var same = CliRunner.Run("image", "compare", _raw, copy);
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("identical", same.Output);

        QemuIo(copy, "write -P 0x99 1000000 1");
        var different = CliRunner.Run("image", "compare", _raw, copy);
        Assert.Equal(1, different.ExitCode);
        Assert.Contains("Content mismatch at offset 1000000!", different.Output);

        Assert.Equal(2, CliRunner.Run("image", "compare", _raw, _dir.File("missing.qcow2")).ExitCode);
    }

    [Fact]
    public void CreateAndOverlayRefuseToReplaceFilesUnlessForced()
    {
        var image = _dir.File("new.qcow2");
        Assert.Equal(0, CliRunner.Run("image", "create", "-f", "qcow2", image, "1G").ExitCode);
        Assert.Contains("virtual size: 1 GiB", QemuImg("info", image));
        var again = CliRunner.Run("image", "create", "-f", "qcow2", image, "2G");
        Assert.Equal(73, again.ExitCode);
        Assert.Contains("--force", again.Error);
        Assert.Equal(0, CliRunner.Run("image", "create", "-f", "qcow2", "--force", image, "2G").ExitCode);
        Assert.Contains("virtual size: 2 GiB", QemuImg("info", image));

        var overlay = _dir.File("instance.qcow2");
        Assert.Equal(0, CliRunner.Run("image", "overlay", _raw, overlay).ExitCode);
        AssertCleanCheck(overlay);
        AssertIdentical(_raw, overlay);
        Assert.Equal(73, CliRunner.Run("image", "overlay", _raw, overlay).ExitCode);
    }

    /// <summary>Every writable format and subformat, from the format registry (a new format is tested by itself).</summary>
    public static TheoryData<string, string?> WritableFormats()
    {
        var data = new TheoryData<string, string?>();
        foreach (var format in DiskImages.DiskFormat.Writable)
        {
            foreach (var subformat in format.Subformats.Count == 0 ? [null] : format.Subformats.Select(s => (string?)s))
            {
                data.Add(format.FileExtension, subformat);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WritableFormats))]
    public void CreatesEveryWritableFormat(string format, string? subformat)
    {
        var qemuName = DiskImages.FormatDetector.FromName(format).Name;
        var image = _dir.File($"new.{format}");
        var args = new List<string> { "image", "create", "-f", format, image, "64M" };
        if (subformat is not null)
        {
            args.AddRange(["--subformat", subformat]);
        }

        Assert.Equal(0, CliRunner.Run([.. args]).ExitCode);
        var info = QemuImg("info", "-f", qemuName, image);
        Assert.Contains($"file format: {qemuName}", info);
        Assert.Contains("virtual size: 64", info);
        var check = Run("qemu-img", "check", "-f", qemuName, image);
        // qemu-img check has nothing to check in raw and vpc images (exit 63).
        Assert.True(check.ExitCode == 0 || (qemuName is "vpc" or "raw" && check.ExitCode == 63), check.Output + check.Error);
    }

    [Fact]
    public void OverlayOfARelativeBaseStaysRelative()
    {
        var folder = Path.Combine(_dir.Path, "instances");
        Directory.CreateDirectory(folder);
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _dir.Path;
        try
        {
            Assert.Equal(0, CliRunner.Run("image", "overlay", "disk.raw", "instances/one.qcow2").ExitCode);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.Contains("backing file: ../disk.raw", QemuImg("info", Path.Combine(folder, "one.qcow2")));
    }

    [Fact]
    public void MapAndMeasureReportJson()
    {
        var map = CliRunner.Run("image", "map", "--json", _raw);
        Assert.Equal(0, map.ExitCode);
        using (var document = JsonDocument.Parse(map.Output))
        {
            var extents = document.RootElement.EnumerateArray().ToList();
            Assert.Equal(4L << 20, extents.Sum(e => e.GetProperty("length").GetInt64()));
            Assert.Contains(extents, e => e.GetProperty("data").GetBoolean());
        }

        var measure = CliRunner.Run("image", "measure", "--json", "-O", "qcow2", _raw);
        Assert.Equal(0, measure.ExitCode);
        using var estimate = JsonDocument.Parse(measure.Output);
        Assert.True(estimate.RootElement.GetProperty("required").GetInt64() > 0);
        Assert.True(estimate.RootElement.GetProperty("fully-allocated").GetInt64() >= 4 << 20);
    }

    [Theory]
    [InlineData(64, "image", "convert", "--no-such-option", "a", "b")]
    [InlineData(64, "image", "convert", "-O", "vmdk9", "a", "b")]
    [InlineData(66, "image", "info", "/nonexistent/disk.qcow2")]
    [InlineData(64, "image", "create", "-f", "qcow2", "x.qcow2", "12Q")]
    public void ErrorsMapToDocumentedExitCodes(int expected, params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(expected, result.ExitCode);
        Assert.StartsWith("virt-appliance: error:", result.Error);
    }
}
