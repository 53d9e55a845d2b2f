using System.Security.Cryptography;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Interop.Ovf;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests;

/// <summary>Export to OVA/OVF and import back, with qemu-img, tar and sha256sum as referees; hostile packages refused.</summary>
[Trait("Category", "Tools")]
public sealed class OvfExportImportTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public OvfExportImportTests()
    {
        // A root disk with data in its first and last megabyte (a hole between), and a qcow2 data disk.
        var random = new Random(23);
        var root = new byte[9 << 20];
        random.NextBytes(root.AsSpan(0, 1 << 20));
        random.NextBytes(root.AsSpan(8 << 20));
        File.WriteAllBytes(folder.File("root.img"), root);
        var data = new byte[2 << 20];
        random.NextBytes(data.AsSpan(4096, 65536));
        File.WriteAllBytes(folder.File("data.raw"), data);
        ExternalTool.QemuImg("convert", "-f", "raw", "-O", "qcow2", folder.File("data.raw"), folder.File("data.qcow2"));
        File.WriteAllText(folder.File("lamp.xml"), """
            <image schema="2">
              <name version="1.2" release="3">lamp</name>
              <label>A LAMP server</label>
              <product vendor="Example Corp" url="https://example.com/lamp"/>
              <domain>
                <boot type="xen" id="pv"><guest><arch>x86_64</arch></guest><os><loader>pygrub</loader></os><drive disk="root" target="xvda"/></boot>
                <boot type="hvm" id="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os>
                  <drive disk="root" target="vda"/><drive disk="data" target="vdb"/>
                  <requirements><firmware>efi</firmware></requirements></boot>
                <devices><vcpu>2</vcpu><memory>524288</memory><interface/><interface/></devices>
              </domain>
              <storage><disk id="root" file="root.img"/><disk id="data" file="data.qcow2" format="qcow2" use="user"/></storage>
            </image>
            """);
    }

    public void Dispose() => folder.Dispose();

    private string Export(bool archive = true, string manifest = "SHA256", string name = "lamp.ova") =>
        OvfExporter.Export(folder.File("lamp.xml"), folder.File(name), new OvfExportOptions(Archive: archive, Manifest: manifest), null, CancellationToken.None).Path;

    private static void AssertSame(string first, string second) =>
        Assert.Contains("Images are identical", ExternalTool.QemuImg("compare", first, second));

    [Fact]
    public void An_OVA_is_a_tar_with_the_envelope_first_stream_optimized_disks_and_a_manifest_sha256sum_agrees_with()
    {
        var ova = Export();
        Assert.Equal("lamp.ovf\nlamp.mf\nlamp-disk1.vmdk\nlamp-disk2.vmdk\n", ExternalTool.Ok("tar", "tf", ova));
        var unpacked = Directory.CreateDirectory(folder.File("unpacked")).FullName;
        ExternalTool.Ok("tar", "xf", ova, "-C", unpacked);
        foreach (var disk in (string[])["lamp-disk1.vmdk", "lamp-disk2.vmdk"])
        {
            var path = Path.Combine(unpacked, disk);
            Assert.Contains("No errors were found", ExternalTool.QemuImg("check", path));
            Assert.Contains("\"create-type\": \"streamOptimized\"", ExternalTool.QemuImg("info", "--output=json", path));
        }

        AssertSame(folder.File("root.img"), Path.Combine(unpacked, "lamp-disk1.vmdk"));
        AssertSame(folder.File("data.qcow2"), Path.Combine(unpacked, "lamp-disk2.vmdk"));

        var manifest = File.ReadAllLines(Path.Combine(unpacked, "lamp.mf"));
        Assert.Equal(3, manifest.Length);
        foreach (var line in manifest)
        {
            var file = line[(line.IndexOf('(') + 1)..line.IndexOf(')')];
            var sum = ExternalTool.Ok("sha256sum", Path.Combine(unpacked, file)).Split(' ')[0];
            Assert.Equal($"SHA256({file})= {sum}", line);
        }

        var package = OvfReader.Read(Path.Combine(unpacked, "lamp.ovf"));
        Assert.Equal(("lamp", "A LAMP server", "1.2", "1.2-3", "Example Corp"), (package.Name, package.Product, package.ProductVersion, package.FullVersion, package.Vendor));
        Assert.Equal((2, 512L, "efi", 2), (package.Vcpus, package.MemoryMiB, package.Firmware, package.Nics.Count));
        Assert.Equal(9L << 20, package.Disks[0].Capacity);
        Assert.Equal(new FileInfo(Path.Combine(unpacked, "lamp-disk1.vmdk")).Length, package.Files[0].Size);
        Assert.Equal("scsi", package.Controllers.Single().Bus);
        Assert.Equal(OvfOperatingSystems.OtherLinux64, package.OsId);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path, ".*"));
    }

    [Fact]
    public void Import_of_the_export_gives_back_the_disks_identically_and_the_variant_as_it_was()
    {
        var result = OvfImporter.Import(Export(), folder.File("imported"), null, CancellationToken.None);
        var descriptor = DescriptorReader.Load(result.DescriptorPath);
        var variant = Assert.Single(descriptor.Boots);
        Assert.Equal(("hvm", "x86_64", "efi", "virtio"), (variant.Id, variant.Arch, variant.Requirements.Firmware, variant.Requirements.DiskBus));
        Assert.Equal(["vda", "vdb"], variant.Drives.Select(d => d.Target));
        Assert.Equal((2, 524288L, 2), (descriptor.Devices.Vcpus, descriptor.Devices.MemoryKiB, descriptor.Devices.Interfaces.Count));
        Assert.Equal(("lamp", "1.2", "A LAMP server"), (descriptor.Name, descriptor.Version, descriptor.Label));
        var disks = descriptor.Disks.Select(d => Path.Combine(folder.File("imported"), d.File)).ToList();
        AssertSame(folder.File("root.img"), disks[0]);
        AssertSame(folder.File("data.qcow2"), disks[1]);
        Assert.Contains("\"format\": \"qcow2\"", ExternalTool.QemuImg("info", "--output=json", disks[0]));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(disks[0]))), descriptor.Disks[0].Checksums["sha256"]);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path, ".*"));

        // An OVF folder with a SHA1 manifest, imported through its .ovf.
        var ovf = Export(archive: false, manifest: "SHA1", name: "lamp-ovf");
        Assert.StartsWith("SHA1(lamp.ovf)= ", File.ReadAllText(Path.Combine(ovf, "lamp.mf")));
        var again = OvfImporter.Import(Path.Combine(ovf, "lamp.ovf"), folder.File("imported-ovf"), null, CancellationToken.None);
        AssertSame(folder.File("data.qcow2"), Path.Combine(folder.File("imported-ovf"), again.Descriptor.Disks[1].File));
    }

    [Fact]
    public void A_package_qemu_img_made_with_a_VMware_style_envelope_imports_with_its_controller_bus()
    {
        var package = Directory.CreateDirectory(folder.File("vmware")).FullName;
        ExternalTool.QemuImg("convert", "-f", "raw", "-O", "vmdk", folder.File("root.img"), Path.Combine(package, "web-disk1.vmdk"));
        var envelope = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "vmware-esxi.ovf"))
            .Replace("ovf:size=\"68608\"", $"ovf:size=\"{new FileInfo(Path.Combine(package, "web-disk1.vmdk")).Length}\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(package, "web.ovf"), envelope);
        var result = OvfImporter.Import(Path.Combine(package, "web.ovf"), folder.File("web"), null, CancellationToken.None);
        var variant = result.Descriptor.Boots[0];
        Assert.Equal(("web-01", "scsi", "sda", "efi"), (result.Descriptor.Name, variant.Requirements.DiskBus, variant.Drives[0].Target, variant.Requirements.Firmware));
        Assert.Equal("2.4 build 7", result.Descriptor.Product!.Version);
        Assert.Null(result.Descriptor.Version);
        Assert.Contains(result.Warnings, w => w.Contains("no manifest", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("Video card", StringComparison.Ordinal));
        AssertSame(folder.File("root.img"), Path.Combine(folder.File("web"), result.Descriptor.Disks[0].File));
        DescriptorReader.Load(result.DescriptorPath);
    }

    [Fact]
    public void Altered_lying_or_reaching_packages_are_refused_naming_the_file_and_leave_nothing()
    {
        var ova = Export();
        var unpacked = Directory.CreateDirectory(folder.File("parts")).FullName;
        OvaArchive.Extract(ova, unpacked, CancellationToken.None);
        string Repack(string name, Action<string> change)
        {
            var copy = Directory.CreateDirectory(folder.File(name + "-parts")).FullName;
            foreach (var file in Directory.GetFiles(unpacked))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            change(copy);
            var path = folder.File(name + ".ova");
            OvaArchive.Write(path, [.. new[] { "lamp.ovf", "lamp.mf", "lamp-disk1.vmdk", "lamp-disk2.vmdk" }.Select(f => Path.Combine(copy, f))], CancellationToken.None);
            return path;
        }

        string Refusal(string package)
        {
            var error = Assert.Throws<InvalidDataException>(() => OvfImporter.Import(package, folder.File("never"), null, CancellationToken.None));
            Assert.False(Directory.Exists(folder.File("never")));
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path, ".*"));
            return error.Message;
        }

        void Manifest(string copy) => File.WriteAllText(Path.Combine(copy, "lamp.mf"), new OvfManifest(
            new[] { "lamp.ovf", "lamp-disk1.vmdk", "lamp-disk2.vmdk" }.Select(f => new OvfManifest.Entry("SHA256", f, OvfManifest.Digest("SHA256", Path.Combine(copy, f)))).ToList()).Write());

        // A flipped byte in a disk: the manifest names it.
        var altered = Refusal(Repack("altered", copy =>
        {
            using var disk = File.OpenWrite(Path.Combine(copy, "lamp-disk2.vmdk"));
            disk.Position = 1000;
            disk.WriteByte(0x5a);
        }));
        Assert.StartsWith("lamp-disk2.vmdk: its SHA256 is ", altered);

        // An envelope that declares a smaller disk than the file holds (manifest made to match).
        var smaller = Refusal(Repack("smaller", copy =>
        {
            var ovf = Path.Combine(copy, "lamp.ovf");
            File.WriteAllText(ovf, File.ReadAllText(ovf).Replace($"ovf:capacity=\"{9 << 20}\"", "ovf:capacity=\"1048576\"", StringComparison.Ordinal));
            Manifest(copy);
        }));
        Assert.Contains("larger than the 1048576 the envelope declares", smaller);

        // A disk that is a qcow2 with a backing file on the host.
        var backing = Refusal(Repack("backing", copy =>
        {
            var disk = Path.Combine(copy, "lamp-disk1.vmdk");
            File.Delete(disk);
            ExternalTool.QemuImg("create", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw", disk, "9M");
            Manifest(copy);
        }));
        Assert.Contains("backing file '/etc/hostname'", backing);

        // A VMDK text descriptor whose extent is a host file.
        var extent = Refusal(Repack("extent", copy =>
        {
            File.WriteAllText(Path.Combine(copy, "lamp-disk1.vmdk"), "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\nRW 16 FLAT \"/etc/hostname\" 0\n");
            Manifest(copy);
        }));
        Assert.Contains("VMDK text descriptor", extent);
    }
}
