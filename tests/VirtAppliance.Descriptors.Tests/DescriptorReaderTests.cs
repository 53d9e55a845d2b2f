using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Descriptors.Writing;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Descriptors.Tests;

[Trait("Category", "Fast")]
public sealed class DescriptorReaderTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void ReadsAnApplianceCreatorDescriptorAsVirtImageDid()
    {
        var result = DescriptorReader.Read(Fixture("appliance-creator.xml"));
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        Assert.Empty(result.Problems);
        var descriptor = result.Descriptor!;
        Assert.Equal(1, descriptor.SchemaVersion);
        Assert.Equal("fedora-lamp", descriptor.Name);
        var boot = Assert.Single(descriptor.Boots);
        Assert.Equal("i686", boot.Arch);
        Assert.Equal("boot0", boot.Id);
        Assert.Equal("hd", boot.Os.LoaderDevice);
        var disk = Assert.Single(descriptor.Disks);
        Assert.Equal("fedora-lamp-sda.raw", disk.Id);
        Assert.Equal(DiskUse.System, disk.Use);
        Assert.Equal(["sha1", "sha256"], disk.Checksums.Keys.Order());
        Assert.Equal(262144, descriptor.Devices.MemoryKiB);
        Assert.Single(descriptor.Devices.Interfaces);
        Assert.True(descriptor.Devices.Graphics);
    }

    [Fact]
    public void ReadsSeveralVariantsSharingOneSystemDisk()
    {
        var descriptor = DescriptorReader.Load(Fixture("multiboot.xml"));
        Assert.Equal(3, descriptor.Boots.Count);
        Assert.Equal(BootType.Xen, descriptor.Boots[0].Type);
        Assert.Equal(FeatureState.On, descriptor.Boots[0].Pae);
        Assert.Equal("pygrub", descriptor.Boots[0].Os.Loader);
        Assert.Equal(FeatureState.Off, descriptor.Boots[1].Pae);
        Assert.Equal("kernels/vmlinuz-xen-nonpae", descriptor.Boots[1].Os.Kernel);
        Assert.Equal(FeatureState.On, descriptor.Boots[2].Acpi);
        Assert.All(descriptor.Boots, b => Assert.Contains(b.Drives, d => d.Disk == "root"));
        Assert.Equal("1.0", descriptor.Version);
        Assert.Equal("2", descriptor.Release);
        Assert.Equal(4096L << 20, descriptor.FindDisk("root")!.SizeBytes);
        Assert.Equal(DiskUse.User, descriptor.FindDisk("data.img")!.Use);
        Assert.Equal(DiskUse.Scratch, descriptor.FindDisk("scratch.img")!.Use);
        Assert.Equal(2, descriptor.Devices.Interfaces.Count);
    }

    [Fact]
    public void ReadsTheExtendedForm()
    {
        var descriptor = DescriptorReader.Load(Fixture("extended.xml"));
        Assert.Equal(2, descriptor.SchemaVersion);
        Assert.Equal("Example Corp", descriptor.Product!.Vendor);
        var efi = descriptor.Boots[0];
        Assert.Equal(("efi", 10), (efi.Id, efi.Preference));
        Assert.Equal("efi", efi.Requirements.Firmware);
        Assert.Equal(512, efi.Requirements.MinMemoryMiB);
        Assert.Equal("q35", efi.Requirements.Machine);
        Assert.Equal("virtio", efi.Requirements.DiskBus);
        var bios = descriptor.Boots[1];
        Assert.Equal("install/vmlinuz", bios.Install!.Kernel);
        Assert.Equal("console=ttyS0 install", bios.Install.Cmdline);
        var forwards = descriptor.Devices.Interfaces[0].Forwards;
        Assert.Equal(new PortForward("http", 80, 8080, "tcp"), forwards[0]);
        Assert.Null(forwards[1].HostPort);
        Assert.Equal(2147483648, descriptor.FindDisk("system")!.SizeBytes);
        Assert.True(descriptor.FindDisk("system")!.Checksums.ContainsKey("sha512"));
    }

    [Theory]
    [InlineData("appliance-creator.xml", 1)]
    [InlineData("multiboot.xml", 1)]
    [InlineData("extended.xml", 2)]
    public void WritesBackWhatItRead(string fixture, int schema)
    {
        var first = DescriptorReader.Load(Fixture(fixture));
        var xml = DescriptorWriter.ToXml(first);
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("again.xml"), xml);
        var second = DescriptorReader.Read(dir.File("again.xml"));
        Assert.False(second.HasErrors, string.Join("\n", second.Problems));
        Assert.Equal(schema, second.Descriptor!.SchemaVersion);
        Assert.Equal(xml, DescriptorWriter.ToXml(second.Descriptor));
        Assert.Equal(first.Boots.Select(b => (b.Id, b.Arch, b.Type, b.Pae)), second.Descriptor.Boots.Select(b => (b.Id, b.Arch, b.Type, b.Pae)));
        Assert.Equal(first.Disks.Select(d => (d.Id, d.File, d.SizeBytes, d.Use)), second.Descriptor.Disks.Select(d => (d.Id, d.File, d.SizeBytes, d.Use)));
    }

    [Fact]
    public void TheSchemaShippedWithTheToolIsAnXsd()
    {
        Assert.Contains("<xs:schema", DescriptorReader.SchemaText());
    }
}
