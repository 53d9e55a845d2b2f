using VirtAppliance.TestSupport;
using VirtAppliance.DiskImages.Qcow2;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Qcow2;

[Trait("Category", "Tools")]
public sealed class BackingChainTests
{
    [Fact]
    public void ReadsAThreeLayerChainOfMixedFormats()
    {
        using var dir = new TempDirectory();
        var baseRaw = dir.File("base.raw");
        SampleDisk.WriteRaw(baseRaw, 4 << 20, 3);
        var middle = dir.File("middle.qcow2");
        var top = dir.File("top.qcow2");
        QemuImg("create", "-f", "qcow2", "-b", "base.raw", "-F", "raw", middle);
        QemuIo(middle, "write -P 0x22 1M 1M", "write -z 3M 64k");
        QemuImg("create", "-f", "qcow2", "-o", "cluster_size=4096", "-b", middle, "-F", "qcow2", top, "6M");
        QemuIo(top, "write -P 0x33 1536k 8k", "write -P 0x44 5M 4k");
        var reference = dir.File("flat.raw");
        QemuImg("convert", "-O", "raw", top, reference);

        using var image = DiskImageOpener.Open(top);
        Assert.NotNull(image.Backing?.Backing);
        SampleDisk.AssertSame(File.ReadAllBytes(reference), SampleDisk.ReadAll(image));
        var extents = image.GetExtents(0, image.Capacity).ToList();
        Assert.Contains(extents, e => e.Kind == ExtentKind.Data && e.Depth == 0);
        Assert.Contains(extents, e => e.Kind == ExtentKind.Data && e.Depth == 1);
        Assert.Contains(extents, e => e.Kind == ExtentKind.Data && e.Depth == 2);
    }

    /// <summary>As qemu-img rebase -u: only the name and format change; qemu-img reads the same guest data through the new base.</summary>
    [Fact]
    public void ChangingTheBackingFileKeepsTheDataAndOtherExtensions()
    {
        using var dir = new TempDirectory();
        var baseRaw = dir.File("base.raw");
        SampleDisk.WriteRaw(baseRaw, 4 << 20, 11);
        var moved = dir.File("moved-with-a-much-longer-name-than-before.raw");
        File.Copy(baseRaw, moved);
        var overlay = dir.File("overlay.qcow2");
        QemuImg("create", "-f", "qcow2", "-o", "compression_type=zstd", "-b", baseRaw, "-F", "raw", overlay);
        QemuIo(overlay, "write -P 0x5a 1M 64k", "write -z 2M 64k");
        var before = dir.File("before.raw");
        QemuImg("convert", "-O", "raw", overlay, before);

        Qcow2Image.ChangeBackingFile(overlay, moved, "raw");
        File.Delete(baseRaw);

        var info = QemuImg("info", "--output=json", overlay);
        Assert.Contains($"\"backing-filename\": \"{moved}\"", info);
        Assert.Contains("\"backing-filename-format\": \"raw\"", info);
        Assert.Contains("\"compression-type\": \"zstd\"", info);
        AssertCleanCheck(overlay);
        var after = dir.File("after.raw");
        QemuImg("convert", "-O", "raw", overlay, after);
        Assert.Equal(File.ReadAllBytes(before), File.ReadAllBytes(after));
    }

    [Fact]
    public void BackingChainThatLoopsIsRefused()
    {
        using var dir = new TempDirectory();
        var a = dir.File("a.qcow2");
        var b = dir.File("b.qcow2");
        QemuImg("create", "-f", "qcow2", a, "1M");
        QemuImg("create", "-f", "qcow2", "-b", "a.qcow2", "-F", "qcow2", b);
        QemuImg("rebase", "-u", "-f", "qcow2", "-b", "b.qcow2", "-F", "qcow2", a);

        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(b));
        Assert.Contains("loops", error.Message);
    }

    [Fact]
    public void AbsurdlyDeepChainIsRefused()
    {
        using var dir = new TempDirectory();
        QemuImg("create", "-f", "qcow2", dir.File("layer0.qcow2"), "1M");
        for (var i = 1; i <= DiskImageOpener.MaxChainDepth + 1; i++)
        {
            QemuImg("create", "-f", "qcow2", "-b", $"layer{i - 1}.qcow2", "-F", "qcow2", dir.File($"layer{i}.qcow2"));
        }

        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(dir.File($"layer{DiskImageOpener.MaxChainDepth + 1}.qcow2")));
        Assert.Contains("deeper than", error.Message);
    }

    [Fact]
    public void MissingBackingFileIsNamed()
    {
        using var dir = new TempDirectory();
        QemuImg("create", "-f", "qcow2", dir.File("base.qcow2"), "1M");
        QemuImg("create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", dir.File("top.qcow2"));
        File.Delete(dir.File("base.qcow2"));
        var error = Assert.Throws<FileNotFoundException>(() => DiskImageOpener.Open(dir.File("top.qcow2")));
        Assert.Contains("base.qcow2", error.Message);
    }
}
