using System.Text;
using System.Xml.Linq;
using VirtAppliance.Interop.Ovf;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests;

/// <summary>Envelopes as VMware, VirtualBox and this toolkit write them, and hostile ones.</summary>
[Trait("Category", "Fast")]
public sealed class OvfReaderTests
{
    private static OvfPackage Fixture(string name) => OvfReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static OvfPackage Parse(string text) => OvfReader.Parse(Encoding.UTF8.GetBytes(text), "test.ovf");

    private static string Envelope(string references = "<References><File ovf:href=\"d.vmdk\" ovf:id=\"f\"/></References>", string disks = "<DiskSection><Info/><Disk ovf:diskId=\"d\" ovf:fileRef=\"f\" ovf:capacity=\"1048576\"/></DiskSection>", string items = "") => $"""
        <Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
          {references}{disks}
          <VirtualSystem ovf:id="t"><Info/><VirtualHardwareSection><Info/>{items}</VirtualHardwareSection></VirtualSystem>
        </Envelope>
        """;

    [Fact]
    public void A_VMware_envelope_maps_to_its_hardware_and_lists_what_is_not_mapped()
    {
        var package = Fixture("vmware-esxi.ovf");
        Assert.Equal(1, package.Version);
        Assert.Equal("Web 01", package.Name);
        Assert.Equal(("Web server", "Example Corp", "2.4 build 7"), (package.Product, package.Vendor, package.ProductVersion));
        Assert.Equal((2, 2048L, "efi"), (package.Vcpus, package.MemoryMiB, package.Firmware));
        Assert.Equal(16L << 30, package.FindDisk("vmdisk1")!.Capacity);
        Assert.Equal("web-disk1.vmdk", package.FindFile("file1")!.Href);
        Assert.Equal(["scsi", "ide"], package.Controllers.Select(c => c.Bus));
        var disk = Assert.Single(package.Drives, d => !d.IsCdrom);
        Assert.Equal(("vmdisk1", "3", 0), (disk.DiskId, disk.ControllerId, disk.AddressOnParent!.Value));
        Assert.Equal("VmxNet3", Assert.Single(package.Nics).SubType);
        Assert.Equal("x86_64", OvfOperatingSystems.Arch(package.OsId, package.OsType));
        Assert.Contains(package.Unmapped, u => u.Contains("Video card", StringComparison.Ordinal));
    }

    [Fact]
    public void A_VirtualBox_envelope_gives_megabytes_sata_and_its_machine_sections_EFI()
    {
        var package = Fixture("virtualbox.ovf");
        Assert.Equal((1, 1024L, "efi"), (package.Vcpus, package.MemoryMiB, package.Firmware));
        Assert.Equal(10L << 30, package.Disks[0].Capacity);
        Assert.Null(package.Files[0].Size);
        var disk = Assert.Single(package.Drives);
        Assert.Equal("sata", package.Controllers.Single(c => c.InstanceId == disk.ControllerId).Bus);
        Assert.Equal("E1000", package.Nics[0].SubType);
    }

    [Fact]
    public void What_the_writer_writes_the_reader_reads_back_in_OVF_1_and_2()
    {
        foreach (var version in (int[])[1, 2])
        {
            var written = new OvfPackage
            {
                Version = version,
                Name = "lamp",
                Product = "A LAMP server",
                ProductVersion = "1.2",
                Vendor = "Example",
                Files = [new OvfFile("file1", "lamp-disk1.vmdk", 1234)],
                Disks = [new OvfDisk("vmdisk1", "file1", 8L << 30, OvfNames.StreamOptimizedVmdk, 4096)],
                Vcpus = 3,
                MemoryMiB = 768,
                Firmware = "efi",
                Controllers = [new OvfController("c0", ResourceTypes.OtherStorage, "AHCI")],
                Drives = [new OvfDrive("vmdisk1", null, "c0", 0, false)],
                Nics = [new OvfNic("E1000", "nat"), new OvfNic("E1000", "nat")],
                Appliance = new OvfApplianceVariant("hvm", "virtio", "q35", new Dictionary<string, string> { ["vmdisk1"] = "vda" }),
            };
            var read = OvfReader.Parse(Encoding.UTF8.GetBytes(OvfWriter.Write(written).ToString()), "lamp.ovf");
            Assert.Equal(version, read.Version);
            Assert.Equal((written.Name, written.Product, written.ProductVersion, written.Vendor), (read.Name, read.Product, read.ProductVersion, read.Vendor));
            Assert.Equal((3, 768L, "efi"), (read.Vcpus, read.MemoryMiB, read.Firmware));
            Assert.Equal(written.Files, read.Files);
            Assert.Equal(written.Disks, read.Disks);
            Assert.Equal("sata", read.Controllers.Single().Bus);
            Assert.Equal("vmdisk1", read.Drives.Single().DiskId);
            Assert.Equal(2, read.Nics.Count);
            Assert.Equal(("hvm", "virtio", "q35", "vda"), (read.Appliance!.Id, read.Appliance.DiskBus, read.Appliance.Machine, read.Appliance.Targets["vmdisk1"]));
            Assert.Empty(read.Unmapped);
        }
    }

    [Fact]
    public void An_EFI_package_carries_VirtualBoxs_machine_section_mirroring_its_hardware()
    {
        OvfPackage Package(string firmware) => new()
        {
            Name = "lamp",
            Files = [new OvfFile("file1", "lamp-disk1.vmdk", 1234), new OvfFile("file2", "lamp-disk2.vmdk", 99)],
            Disks = [new OvfDisk("vmdisk1", "file1", 8L << 30, OvfNames.StreamOptimizedVmdk, 4096), new OvfDisk("vmdisk2", "file2", 1L << 30, OvfNames.StreamOptimizedVmdk, 1)],
            Vcpus = 2,
            MemoryMiB = 1536,
            Firmware = firmware,
            Controllers = [new OvfController("c0", ResourceTypes.IdeController, "PIIX4")],
            Drives = [new OvfDrive("vmdisk1", null, "c0", 0, false), new OvfDrive("vmdisk2", null, "c0", 3, false)],
            Nics = [new OvfNic("E1000", "nat")],
        };
        var document = OvfWriter.Write(Package("efi"));
        var vbox = OvfNames.Vbox;
        var machine = Assert.Single(document.Descendants(vbox + "Machine"));
        Assert.Equal("false", (string?)machine.Attribute(OvfNames.Envelope1 + "required"));
        Assert.Equal("EFI", (string?)machine.Descendants(vbox + "Firmware").Single().Attribute("type"));
        Assert.Equal("2", (string?)machine.Descendants(vbox + "CPU").Single().Attribute("count"));
        Assert.Equal("1536", (string?)machine.Descendants(vbox + "Memory").Single().Attribute("RAMSize"));
        Assert.Matches("^080027[0-9A-F]{6}$", (string?)machine.Descendants(vbox + "Adapter").Single().Attribute("MACAddress"));
        var controller = machine.Descendants(vbox + "StorageController").Single();
        Assert.Equal(("IDE Controller", "PIIX4"), ((string?)controller.Attribute("name"), (string?)controller.Attribute("type")));
        var diskUuids = document.Descendants(OvfNames.Envelope1 + "Disk").Select(d => "{" + (string?)d.Attribute(vbox + "uuid") + "}").ToList();
        var attached = controller.Elements(vbox + "AttachedDevice")
            .Select(a => ((string?)a.Attribute("port"), (string?)a.Attribute("device"), (string?)a.Element(vbox + "Image")!.Attribute("uuid"))).ToList();
        Assert.Equal([("0", "0", diskUuids[0]), ("1", "1", diskUuids[1])], attached);
        Assert.Equal(document.ToString(), OvfWriter.Write(Package("efi")).ToString());

        document.Descendants(OvfNames.Vmw + "Config").Remove();
        Assert.Equal("efi", OvfReader.Parse(Encoding.UTF8.GetBytes(document.ToString()), "lamp.ovf").Firmware);
        Assert.Empty(OvfWriter.Write(Package("bios")).Descendants(vbox + "Machine"));
    }

    [Fact]
    public void Items_keep_the_CIM_schemas_alphabetical_field_order()
    {
        var document = OvfWriter.Write(new OvfPackage
        {
            Name = "x",
            Files = [],
            Disks = [],
            Controllers = [new OvfController("c0", ResourceTypes.ScsiController, "lsilogic")],
            Nics = [new OvfNic("E1000", null)],
        });
        foreach (var item in document.Descendants().Where(e => e.Name.LocalName == "Item"))
        {
            var names = item.Elements().Select(e => e.Name.LocalName).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
        }
    }

    [Theory]
    [InlineData("<!DOCTYPE Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Envelope/>", "DTD")]
    [InlineData("<Envelope xmlns=\"urn:other\"/>", "not an OVF envelope")]
    [InlineData("<Envelope", "test.ovf:")]
    public void Documents_that_are_not_envelopes_are_refused_with_the_file_named(string text, string expected)
    {
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => Parse(text)).Message);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/shadow")]
    [InlineData("http://example.com/disk.vmdk")]
    [InlineData("sub/disk.vmdk")]
    [InlineData("..")]
    public void File_references_that_leave_the_package_are_refused(string href)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(Envelope(references: $"<References><File ovf:href=\"{href}\" ovf:id=\"f\"/></References>")));
        Assert.Contains("not a plain file name", error.Message);
    }

    [Fact]
    public void Absurd_numbers_nesting_and_dangling_references_are_errors_not_crashes()
    {
        Assert.Contains("beyond any disk", Assert.Throws<InvalidDataException>(() => Parse(Envelope(disks: "<DiskSection><Info/><Disk ovf:diskId=\"d\" ovf:capacity=\"9999999999\" ovf:capacityAllocationUnits=\"byte * 2^40\"/></DiskSection>"))).Message);
        Assert.Contains("unknown allocation unit", Assert.Throws<InvalidDataException>(() => Parse(Envelope(disks: "<DiskSection><Info/><Disk ovf:diskId=\"d\" ovf:capacity=\"1\" ovf:capacityAllocationUnits=\"byte * 2^99\"/></DiskSection>"))).Message);
        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => Parse(Envelope(references: "<References><File ovf:href=\"a\" ovf:id=\"f\"/><File ovf:href=\"b\" ovf:id=\"f\"/></References>"))).Message);
        Assert.Contains("does not list", Assert.Throws<InvalidDataException>(() => Parse(Envelope(items: "<Item><rasd:HostResource>ovf:/disk/nope</rasd:HostResource><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>"))).Message);
        Assert.Contains("nested", Assert.Throws<InvalidDataException>(() => Parse(Envelope(items: string.Concat(Enumerable.Repeat("<a>", 5000)) + string.Concat(Enumerable.Repeat("</a>", 5000))))).Message);
        Assert.Throws<NotSupportedException>(() => Parse(Envelope(references: "<References><File ovf:href=\"d.vmdk.gz\" ovf:id=\"f\" ovf:compression=\"gzip\"/></References>")));
    }

    [Fact]
    public void Reading_is_linear_in_the_number_of_items()
    {
        const string item = "<Item><rasd:ElementName>x</rasd:ElementName><rasd:InstanceID>9</rasd:InstanceID><rasd:ResourceType>35</rasd:ResourceType></Item>";
        LinearTime.Assert(200, n =>
        {
            var text = Envelope(items: string.Concat(Enumerable.Repeat(item, n)));
            Assert.Equal(n, Parse(text).Unmapped.Count);
        });
    }

    [Fact]
    public void Manifests_are_read_in_ovftools_form_and_bad_lines_name_their_number()
    {
        var manifest = OvfManifest.Parse(Encoding.UTF8.GetBytes($"SHA256(a.ovf)= {new string('a', 64)}\r\nSHA1(disk 1.vmdk) = {new string('B', 40)}\n\n"), "a.mf");
        Assert.Equal([("SHA256", "a.ovf"), ("SHA1", "disk 1.vmdk")], manifest.Entries.Select(e => (e.Algorithm, e.File)));
        Assert.Equal(new string('b', 40), manifest.Entries[1].Hex);
        Assert.Contains("a.mf:2", Assert.Throws<InvalidDataException>(() => OvfManifest.Parse(System.Text.Encoding.UTF8.GetBytes($"SHA256(a)= {new string('0', 64)}\nMD5(b)= 00"), "a.mf")).Message);
        Assert.Contains("a.mf:1", Assert.Throws<InvalidDataException>(() => OvfManifest.Parse("nonsense"u8, "a.mf")).Message);
        Assert.Equal(manifest.Entries, OvfManifest.Parse(Encoding.UTF8.GetBytes(manifest.Write()), "again.mf").Entries);
    }
}
