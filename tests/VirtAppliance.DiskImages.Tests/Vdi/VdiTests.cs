using System.Buffers.Binary;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Vdi;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Vdi;

[Trait("Category", "Tools")]
public sealed class VdiTests
{
    private const long Size = (7L << 20) + 4096;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsWhatQemuImgWrote(bool isStatic)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(raw, Size, 5);
        var vdi = dir.File("reference.vdi");
        QemuImg(isStatic ? ["convert", "-O", "vdi", "-o", "static=on", raw, vdi] : ["convert", "-O", "vdi", raw, vdi]);
        using var image = DiskImageOpener.Open(vdi);
        Assert.Equal(isStatic, Assert.IsType<VdiImage>(image).IsStatic);
        SampleDisk.AssertSame(expected, SampleDisk.ReadAll(image));
    }

    [Theory]
    [InlineData("dynamic")]
    [InlineData("static")]
    public void WhatWeWritePassesQemuImgCheckAndCompare(string subformat)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 6);
        var vdi = dir.File("out.vdi");
        ImageConverter.Convert(raw, vdi, new ConvertOptions { OutputFormat = VdiFormat.Instance, Subformat = subformat });
        AssertCleanCheck(vdi);
        AssertIdentical(raw, vdi);
    }

    [Fact]
    public void RandomWritesMatchTheModelAndQemuIoReadsThem()
    {
        using var dir = new TempDirectory();
        var vdi = dir.File("disk.vdi");
        var model = new byte[Size];
        var random = new Random(7);
        using (var image = VdiImage.Create(vdi, Size, isStatic: false))
        {
            for (var i = 0; i < 40; i++)
            {
                var offset = random.NextInt64(Size);
                var data = new byte[(int)Math.Min(Size - offset, random.Next(1, 300_000))];
                random.NextBytes(data);
                image.Write(offset, data);
                data.CopyTo(model, offset);
            }
        }

        AssertCleanCheck(vdi);
        File.WriteAllBytes(dir.File("model.raw"), model);
        AssertIdentical(dir.File("model.raw"), vdi);
    }

    [Fact]
    public void BlockMapEntriesBeyondTheImageAreNamed()
    {
        using var dir = new TempDirectory();
        var vdi = dir.File("bad.vdi");
        QemuImg("create", "-f", "vdi", vdi, "4M");
        QemuIo(vdi, "write -P 1 0 4k");
        var bytes = File.ReadAllBytes(vdi);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x200), 99);
        File.WriteAllBytes(vdi, bytes);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vdi));
        Assert.Contains("block map entry 0", error.Message);
    }

    [Fact]
    public void TruncatedHeadersAreNamed()
    {
        using var dir = new TempDirectory();
        var vdi = dir.File("bad.vdi");
        QemuImg("create", "-f", "vdi", vdi, "4M");
        File.WriteAllBytes(vdi, File.ReadAllBytes(vdi)[..0x100]);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vdi, format: "vdi"));
        Assert.Contains("truncated", error.Message);
    }
}
