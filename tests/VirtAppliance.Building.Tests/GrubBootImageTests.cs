using System.Buffers.Binary;
using VirtAppliance.Building.Boot;

namespace VirtAppliance.Building.Tests;

/// <summary>GRUB's boot sector and core image patched for a core embedded after the MBR, as grub-bios-setup lays them out.</summary>
[Trait("Category", "Fast")]
public sealed class GrubBootImageTests
{
    private static byte[] BootImage()
    {
        var boot = new byte[512];
        new Random(7).NextBytes(boot);
        boot[510] = 0x55;
        boot[511] = 0xaa;
        return boot;
    }

    private static byte[] CoreImage(int length)
    {
        var core = new byte[length];
        new Random(11).NextBytes(core);
        return core;
    }

    [Fact]
    public void TheBootSectorPointsAtSectorOneAndTheCoreListsTheRest()
    {
        var boot = BootImage();
        var core = CoreImage((30 * 512) + 100);

        var embedded = GrubBootImage.Embed(boot, core, 2048);

        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64LittleEndian(embedded.BootCode.AsSpan(0x5c)));
        Assert.Equal(0xff, embedded.BootCode[0x64]);
        Assert.Equal([0x90, 0x90], embedded.BootCode[0x66..0x68]);
        Assert.Equal(boot[..0x5c], embedded.BootCode[..0x5c]);
        Assert.Equal(boot[0x68..], embedded.BootCode[0x68..]);

        Assert.Equal(31 * 512, embedded.CoreSectors.Length);
        var list = embedded.CoreSectors.AsSpan(500, 12);
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(list));
        Assert.Equal(30, BinaryPrimitives.ReadUInt16LittleEndian(list[8..]));
        Assert.Equal(0x820, BinaryPrimitives.ReadUInt16LittleEndian(list[10..]));
        Assert.True(embedded.CoreSectors.AsSpan(488, 12).IndexOfAnyExcept((byte)0) < 0, "the entry before the first block list must end the list");
        Assert.Equal(core[..488], embedded.CoreSectors[..488]);
        Assert.Equal(core[512..], embedded.CoreSectors[512..core.Length]);
        Assert.True(embedded.CoreSectors.AsSpan(core.Length).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void ACoreThatDoesNotFitBeforeTheFirstPartitionIsRefusedWithTheSectorsItNeeds()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GrubBootImage.Embed(BootImage(), CoreImage(64 * 512), 63));

        Assert.Contains("takes 64 sectors, and the first partition starts at sector 63: leave at least 65 sectors", error.Message);
    }

    [Theory]
    [InlineData(511)]
    [InlineData(1024)]
    public void ABootImageThatIsNotOneSignedSectorIsRefused(int length)
    {
        var boot = new byte[length];
        var error = Assert.Throws<InvalidDataException>(() => GrubBootImage.Embed(boot, CoreImage(1024), 2048));

        Assert.Contains("boot.img", error.Message);
    }

    [Fact]
    public void TheConfigurationBootsTheEntryOnTheSerialConsoleAndQuotesTheTitle()
    {
        var text = GrubLoader.Configuration(new BootEntry("it's 12", "/vmlinuz-6.1", "/initrd.img-6.1", "root=UUID=x ro console=ttyS0,115200", 2));

        Assert.Contains("set timeout=2\n", text);
        Assert.Contains("terminal_output serial console\n", text);
        Assert.Contains("menuentry 'it'\\''s 12' --id appliance {\n\tlinux /vmlinuz-6.1 root=UUID=x ro console=ttyS0,115200\n\tinitrd /initrd.img-6.1\n}\n", text);
    }
}
