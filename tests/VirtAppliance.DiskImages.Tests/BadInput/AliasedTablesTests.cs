using System.Buffers.Binary;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.BadInput;

/// <summary>Tables whose entries point at the same structures (the "loops" a hostile file can build) read in bounded time.</summary>
[Trait("Category", "Tools")]
public sealed class AliasedTablesTests
{
    [Fact]
    public async Task VmdkGrainTablesSharedByEveryDirectoryEntryReadWithoutHanging()
    {
        using var dir = new TempDirectory();
        var vmdk = dir.File("aliased.vmdk");
        QemuImg("create", "-f", "vmdk", vmdk, "256M");
        QemuIo(vmdk, "write -P 7 0 64k");
        var bytes = File.ReadAllBytes(vmdk);
        var directory = (int)(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(56)) * 512);
        var first = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(directory));
        for (var i = 1; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(directory + i * 4), first);
        }

        File.WriteAllBytes(vmdk, bytes);
        using var image = DiskImageOpener.Open(vmdk);
        var dataExtents = await Task.Run(() => image.GetExtents(0, image.Capacity).Count(e => e.Kind == ExtentKind.Data))
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(8, dataExtents);
    }

    [Fact]
    public void VhdBatEntriesSharingOneBlockReadWithoutHanging()
    {
        using var dir = new TempDirectory();
        var vhd = dir.File("aliased.vhd");
        QemuImg("create", "-f", "vpc", vhd, "64M");
        QemuIo(vhd, "write -P 9 0 64k");
        var bytes = File.ReadAllBytes(vhd);
        var table = (int)BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(512 + 16));
        var first = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(table));
        for (var i = 1; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(table + i * 4), first);
        }

        File.WriteAllBytes(vhd, bytes);
        using var image = DiskImageOpener.Open(vhd);
        var buffer = new byte[1 << 20];
        image.Read(2L << 20, buffer);
        Assert.Equal(9, buffer[0]);
    }
}
