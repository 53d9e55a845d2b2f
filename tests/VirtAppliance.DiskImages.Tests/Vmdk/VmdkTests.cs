using System.Buffers.Binary;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Vmdk;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Vmdk;

[Trait("Category", "Tools")]
public sealed class VmdkTests
{
    private const long Size = (9L << 20) + 4096;

    [Theory]
    [InlineData("monolithicSparse")]
    [InlineData("streamOptimized")]
    [InlineData("monolithicFlat")]
    [InlineData("twoGbMaxExtentSparse")]
    [InlineData("twoGbMaxExtentFlat")]
    public void ReadsWhatQemuImgWrote(string subformat)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(raw, Size, subformat.Length);
        var vmdk = dir.File("reference.vmdk");
        QemuImg("convert", "-O", "vmdk", "-o", $"subformat={subformat}", raw, vmdk);
        using var image = DiskImageOpener.Open(vmdk);
        Assert.Equal(subformat, Assert.IsType<VmdkImage>(image).CreateType);
        SampleDisk.AssertSame(expected, SampleDisk.ReadAll(image));
    }

    [Theory]
    [InlineData("monolithicSparse")]
    [InlineData("streamOptimized")]
    public void WhatWeWritePassesQemuImgCheckAndCompare(string subformat)
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 8);
        var vmdk = dir.File("out.vmdk");
        ImageConverter.Convert(raw, vmdk, new ConvertOptions { OutputFormat = VmdkFormat.Instance, Subformat = subformat });
        AssertCleanCheck(vmdk);
        AssertIdentical(raw, vmdk);
        Assert.Contains($"create type: {subformat}", QemuImg("info", vmdk));
    }

    [Fact]
    public void StreamOptimizedFollowsVmwaresLayout()
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 9);
        var vmdk = dir.File("out.vmdk");
        ImageConverter.Convert(raw, vmdk, new ConvertOptions { OutputFormat = VmdkFormat.Instance, Subformat = "streamOptimized" });
        var bytes = File.ReadAllBytes(vmdk);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(56)));
        var footer = bytes.AsSpan(bytes.Length - 1024, 512);
        Assert.Equal(0x564d444bu, BinaryPrimitives.ReadUInt32LittleEndian(footer));
        Assert.NotEqual(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(footer[56..]));
        Assert.All(bytes.AsSpan(bytes.Length - 512).ToArray(), b => Assert.Equal(0, b));
        Assert.Contains("createType=\"streamOptimized\"", System.Text.Encoding.ASCII.GetString(bytes, 512, 1024));
    }

    [Fact]
    public void RandomWritesIntoMonolithicSparseMatchTheModel()
    {
        using var dir = new TempDirectory();
        var vmdk = dir.File("disk.vmdk");
        var model = new byte[Size];
        var random = new Random(3);
        using (var image = VmdkCreator.CreateMonolithicSparse(vmdk, Size))
        {
            for (var i = 0; i < 40; i++)
            {
                var offset = random.NextInt64(Size);
                var data = new byte[(int)Math.Min(Size - offset, random.Next(1, 200_000))];
                random.NextBytes(data);
                image.Write(offset, data);
                data.CopyTo(model, offset);
            }
        }

        AssertCleanCheck(vmdk);
        File.WriteAllBytes(dir.File("model.raw"), model);
        AssertIdentical(dir.File("model.raw"), vmdk);
    }

    [Fact]
    public void ExtentNamesEscapingTheFolderAreRefused()
    {
        using var dir = new TempDirectory();
        var descriptor = dir.File("evil.vmdk");
        File.WriteAllText(descriptor, "# Disk DescriptorFile\nversion=1\nCID=1\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\nRW 2048 FLAT \"../../etc/passwd\" 0\n");
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(descriptor));
        Assert.Contains("outside the descriptor's folder", error.Message);
        File.WriteAllText(descriptor, "# Disk DescriptorFile\ncreateType=\"monolithicFlat\"\nRW 2048 FLAT \"/etc/passwd\" 0\n");
        Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(descriptor));
    }

    [Fact]
    public void ADescriptorThatIsNotTextIsRefused()
    {
        using var dir = new TempDirectory();
        var descriptor = dir.File("binary.vmdk");
        File.WriteAllBytes(descriptor, [.. "# Disk DescriptorFile\n"u8.ToArray(), 1, 2, 3, 4, 5, 6, 7]);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(descriptor));
        Assert.Contains("not text", error.Message);
    }

    [Fact]
    public void AStreamCutInTheMiddleIsNamed()
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, Size, 10);
        var vmdk = dir.File("out.vmdk");
        ImageConverter.Convert(raw, vmdk, new ConvertOptions { OutputFormat = VmdkFormat.Instance, Subformat = "streamOptimized" });
        var bytes = File.ReadAllBytes(vmdk);
        File.WriteAllBytes(vmdk, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vmdk));
        Assert.Contains("VMDK footer", error.Message);
        Assert.Contains("cut short", error.Message);
    }

    [Fact]
    public void AbsurdCapacitiesAndGrainDirectoriesBeyondTheFileAreNamed()
    {
        using var dir = new TempDirectory();
        var vmdk = dir.File("bad.vmdk");
        QemuImg("create", "-f", "vmdk", vmdk, "8M");
        var bytes = File.ReadAllBytes(vmdk);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), long.MaxValue / 2);
        File.WriteAllBytes(vmdk, bytes);
        Assert.Contains("absurd", Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vmdk)).Message);

        QemuImg("create", "-f", "vmdk", vmdk, "8M");
        bytes = File.ReadAllBytes(vmdk);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), 1UL << 30);
        File.WriteAllBytes(vmdk, bytes);
        Assert.Contains("grain directory", Assert.Throws<InvalidDataException>(() => DiskImageOpener.Open(vmdk)).Message);
    }

    [Fact]
    public void DeltaLinksReadTheirParent()
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        var model = SampleDisk.WriteRaw(raw, Size, 11);
        QemuImg("convert", "-O", "vmdk", raw, dir.File("parent.vmdk"));
        QemuImg("create", "-f", "vmdk", "-b", "parent.vmdk", "-F", "vmdk", dir.File("child.vmdk"));
        QemuIo(dir.File("child.vmdk"), "write -P 0x5a 1M 64k");
        model.AsSpan(1 << 20, 65536).Fill(0x5a);
        using var image = DiskImageOpener.Open(dir.File("child.vmdk"));
        Assert.NotNull(image.Backing);
        SampleDisk.AssertSame(model, SampleDisk.ReadAll(image));
    }
}
