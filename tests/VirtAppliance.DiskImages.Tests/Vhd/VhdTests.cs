using System.Buffers.Binary;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Vhd;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Vhd;

[Trait("Category", "Tools")]
public sealed class VhdTests
{
    private const long Size = (9L << 20) + 12345;

    [Theory]
    [InlineData("subformat=dynamic")]
    [InlineData("subformat=fixed")]
    [InlineData("subformat=dynamic,force_size=on")]
    [InlineData("subformat=fixed,force_size=on")]
    public void ReadsWhatQemuImgWrote(string options)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, options.Length);
        var vhd = dir.File("reference.vhd");
        QemuImg("convert", "-O", "vpc", "-o", options, raw, vhd);
        var flat = dir.File("flat.raw");
        QemuImg("convert", "-f", "vpc", "-O", "raw", vhd, flat);

        using var image = DiskImageOpener.Open(vhd);
        Assert.IsType<VhdImage>(image);
        SampleDisk.AssertSame(File.ReadAllBytes(flat), SampleDisk.ReadAll(image));
    }

    [Theory]
    [InlineData("dynamic", false)]
    [InlineData("fixed", false)]
    [InlineData("dynamic", true)]
    [InlineData("fixed", true)]
    public void WhatWeWriteQemuImgReadsIdentically(string subformat, bool exactSize)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 3);
        var vhd = dir.File("out.vhd");
        ImageConverter.Convert(raw, vhd, new ConvertOptions { OutputFormat = VhdFormat.Instance, Subformat = subformat, ExactSize = exactSize });

        var compare = Run("qemu-img", "compare", "-f", "raw", "-F", "vpc", raw, vhd);
        Assert.True(compare.ExitCode == 0, compare.Output + compare.Error);
        var info = QemuImg("info", "-f", "vpc", "--output=json", vhd);
        var virtualSize = long.Parse(System.Text.RegularExpressions.Regex.Match(info, "\"virtual-size\": (\\d+)").Groups[1].Value);
        if (exactSize)
        {
            Assert.Equal((Size + 511) / 512 * 512, virtualSize);
        }
        else
        {
            Assert.True(virtualSize >= Size && virtualSize < Size + (1 << 20), $"CHS-rounded size {virtualSize}");
        }

        using var image = DiskImageOpener.Open(vhd);
        Assert.Equal(virtualSize, image.Capacity);
    }

    [Fact]
    public void GeometryFollowsTheSpecificationAndQemu()
    {
        Assert.Equal(new VhdGeometry(302, 4, 17), VhdGeometry.RoundUp(10 << 20));
        var fourGiB = VhdGeometry.RoundUp(4L << 30);
        Assert.Equal(4_295_467_008L, fourGiB.Sectors * 512);
    }

    [Fact]
    public void FooterChecksumMismatchIsNamed()
    {
        using var dir = new TempDirectory();
        var vhd = dir.File("bad.vhd");
        QemuImg("create", "-f", "vpc", vhd, "4M");
        var bytes = File.ReadAllBytes(vhd);
        bytes[bytes.Length - 512 + 48] ^= 0x40;
        File.WriteAllBytes(vhd, bytes);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vhd));
        Assert.Contains("VHD footer checksum", error.Message);
        Assert.Contains(vhd, error.Message);
    }

    [Fact]
    public void BatEntryBeyondTheFileIsNamed()
    {
        using var dir = new TempDirectory();
        var vhd = dir.File("bad.vhd");
        QemuImg("create", "-f", "vpc", vhd, "8M");
        QemuIo(vhd, "write -P 1 0 64k");
        var bytes = File.ReadAllBytes(vhd);
        var table = (int)BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(512 + 16));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(table), 0x00ffffff);
        File.WriteAllBytes(vhd, bytes);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vhd));
        Assert.Contains("VHD BAT entry 0", error.Message);
    }

    [Fact]
    public void AbsurdBatSizesAreRefusedWithoutAllocating()
    {
        using var dir = new TempDirectory();
        var vhd = dir.File("bad.vhd");
        QemuImg("create", "-f", "vpc", vhd, "8M");
        var bytes = File.ReadAllBytes(vhd);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(512 + 28), 0x7fffffff);
        var header = bytes.AsSpan(512, 1024);
        BinaryPrimitives.WriteUInt32BigEndian(header[36..], VhdFooter.Checksum(header, 36));
        File.WriteAllBytes(vhd, bytes);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vhd));
        Assert.Contains("block allocation table", error.Message);
    }
}
