using System.Buffers.Binary;
using System.Text;
using VirtAppliance.DiskImages.Vhd;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Vhd;

/// <summary>
/// qemu-img cannot create differencing VHDs, so the test turns a qemu-made dynamic VHD into one the way Hyper-V lays
/// them out: disk type 4, a parent name and a W2ru (relative) parent locator, and a block whose sector bitmap marks
/// only some sectors as present; the others must come from the parent.
/// </summary>
[Trait("Category", "Tools")]
public sealed class VhdDifferencingTests
{
    private const int PresentSectors = 64;

    [Fact]
    public void ClearBitmapBitsReadFromTheParentFoundThroughItsLocator()
    {
        using var dir = new TempDirectory();
        var parent = dir.File("parent.vhd");
        var child = dir.File("child.vhd");
        QemuImg("create", "-f", "vpc", parent, "4M");
        QemuIo(parent, "write -P 0x11 0 4M");
        QemuImg("create", "-f", "vpc", child, "4M");
        QemuIo(child, "write -P 0x22 0 64k");
        MakeDifferencing(child, @".\parent.vhd");

        using var image = DiskImageOpener.Open(child);
        Assert.True(Assert.IsType<VhdImage>(image).IsDifferencing);
        Assert.NotNull(image.Backing);
        var data = SampleDisk.ReadAll(image);
        Assert.All(data.AsSpan(0, PresentSectors * 512).ToArray(), b => Assert.Equal(0x22, b));
        Assert.All(data.AsSpan(PresentSectors * 512, (4 << 20) - PresentSectors * 512).ToArray(), b => Assert.Equal(0x11, b));
        Assert.All(data.AsSpan(4 << 20).ToArray(), b => Assert.Equal(0, b));
        Assert.Contains(image.GetExtents(0, image.Capacity), e => e.Kind == ExtentKind.Data && e.Depth == 1);
    }

    private static void MakeDifferencing(string path, string relativeParent)
    {
        var bytes = File.ReadAllBytes(path);
        foreach (var footer in new[] { 0, bytes.Length - 512 })
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(footer + 60), 4);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(footer + 64), VhdFooter.Checksum(bytes.AsSpan(footer, 512), 64));
        }

        const int header = 512;
        Encoding.BigEndianUnicode.GetBytes("parent.vhd").CopyTo(bytes, header + 64);
        var locator = Encoding.Unicode.GetBytes(relativeParent);
        const int locatorData = header + 768;
        locator.CopyTo(bytes, locatorData);
        var entry = bytes.AsSpan(header + 576, 24);
        Encoding.ASCII.GetBytes("W2ru").CopyTo(entry);
        BinaryPrimitives.WriteInt32BigEndian(entry[4..], 512);
        BinaryPrimitives.WriteInt32BigEndian(entry[8..], locator.Length);
        BinaryPrimitives.WriteInt64BigEndian(entry[16..], locatorData);
        var table = (int)BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(header + 16));
        var block = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(table)) * 512;
        bytes.AsSpan(block, 512).Clear();
        bytes.AsSpan(block, PresentSectors / 8).Fill(0xff);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(header + 36), VhdFooter.Checksum(bytes.AsSpan(header, 1024), 36));
        File.WriteAllBytes(path, bytes);
    }
}
