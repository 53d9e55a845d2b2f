using VirtAppliance.DiskImages.Checksums;
using System.Buffers.Binary;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Vhdx;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Vhdx;

[Trait("Category", "Tools")]
public sealed class VhdxTests
{
    private const long Size = (21L << 20) + 4096;

    [Theory]
    [InlineData("subformat=dynamic")]
    [InlineData("subformat=fixed")]
    [InlineData("subformat=dynamic,block_size=1M")]
    [InlineData("subformat=dynamic,block_size=32M,log_size=4M")]
    public void ReadsWhatQemuImgWrote(string options)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(raw, Size, options.Length);
        var vhdx = dir.File("reference.vhdx");
        QemuImg("convert", "-O", "vhdx", "-o", options, raw, vhdx);
        using var image = DiskImageOpener.Open(vhdx);
        Assert.IsType<VhdxImage>(image);
        SampleDisk.AssertSame(expected, SampleDisk.ReadAll(image));
    }

    [Theory]
    [InlineData("dynamic")]
    [InlineData("fixed")]
    public void WhatWeWritePassesQemuImgCheckAndCompare(string subformat)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 12);
        var vhdx = dir.File("out.vhdx");
        ImageConverter.Convert(raw, vhdx, new ConvertOptions { OutputFormat = VhdxFormat.Instance, Subformat = subformat });
        AssertCleanCheck(vhdx);
        AssertIdentical(raw, vhdx);
    }

    [Fact]
    public void RandomWritesMatchTheModelAndQemuWritesIntoOurImages()
    {
        using var dir = new TempDirectory();
        var vhdx = dir.File("disk.vhdx");
        var model = new byte[Size];
        var random = new Random(4);
        using (var image = VhdxImage.Create(vhdx, Size, isFixed: false))
        {
            for (var i = 0; i < 30; i++)
            {
                var offset = random.NextInt64(Size);
                var data = new byte[(int)Math.Min(Size - offset, random.Next(1, 300_000))];
                random.NextBytes(data);
                image.Write(offset, data);
                data.CopyTo(model, offset);
            }
        }

        AssertCleanCheck(vhdx);
        File.WriteAllBytes(dir.File("model.raw"), model);
        AssertIdentical(dir.File("model.raw"), vhdx);
        QemuIo(vhdx, "write -P 0x42 17M 1M");
        model.AsSpan(17 << 20, 1 << 20).Fill(0x42);
        using var reopened = DiskImageOpener.Open(vhdx);
        SampleDisk.AssertSame(model, SampleDisk.ReadAll(reopened));
    }

    [Fact]
    public void BothHeadersDamagedIsNamed()
    {
        using var dir = new TempDirectory();
        var vhdx = dir.File("bad.vhdx");
        QemuImg("create", "-f", "vhdx", vhdx, "8M");
        var bytes = File.ReadAllBytes(vhdx);
        bytes[0x10000 + 100] ^= 1;
        bytes[0x20000 + 100] ^= 1;
        File.WriteAllBytes(vhdx, bytes);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vhdx));
        Assert.Contains("VHDX headers", error.Message);
        Assert.Contains("CRC-32C", error.Message);
    }

    [Fact]
    public void ADirtyLogIsRefusedClearly()
    {
        using var dir = new TempDirectory();
        var vhdx = dir.File("dirty.vhdx");
        QemuImg("create", "-f", "vhdx", vhdx, "8M");
        var bytes = File.ReadAllBytes(vhdx);
        foreach (var header in new[] { 0x10000, 0x20000 })
        {
            Guid.NewGuid().TryWriteBytes(bytes.AsSpan(header + 48, 16));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header + 4), Crc32C.Compute(bytes.AsSpan(header, 4096), 4));
        }

        File.WriteAllBytes(vhdx, bytes);
        var error = Assert.Throws<NotSupportedException>(() => DiskImageOpener.Open(vhdx));
        Assert.Contains("log", error.Message);
        Assert.Contains("replay", error.Message);
    }

    [Fact]
    public void BatEntriesBeyondTheFileAreNamed()
    {
        using var dir = new TempDirectory();
        var vhdx = dir.File("bad.vhdx");
        QemuImg("create", "-f", "vhdx", vhdx, "8M");
        var bytes = File.ReadAllBytes(vhdx);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x200000), (4000UL << 20) | 6);
        File.WriteAllBytes(vhdx, bytes);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vhdx));
        Assert.Contains("VHDX BAT entry 0", error.Message);
    }
}
