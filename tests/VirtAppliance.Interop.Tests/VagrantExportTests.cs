using System.Text.Json;
using VirtAppliance.Customization;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Interop.Vagrant;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Interop.Tests;

/// <summary>
/// Boxes for vagrant-libvirt: the tar's members, metadata.json, the Vagrantfile, box.img compared by qemu-img; what a
/// guest lacks for `vagrant up` found offline, and examples/vagrant.recipe.yaml adding it.
/// </summary>
[Trait("Category", "Tools")]
public sealed class VagrantExportTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A 64 MiB whole-disk ext4 made by mke2fs from a staged tree, and its descriptor.</summary>
    private string Appliance(bool ready)
    {
        var tree = folder.File("tree");
        void Put(string path, string content, string mode = "755")
        {
            var full = tree + path;
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            File.SetUnixFileMode(full, (UnixFileMode)Convert.ToInt32(mode, 8));
        }

        Put("/sbin/udhcpc", "#!/bin/sh\n");
        Put("/usr/bin/sudo", "#!/bin/sh\n");
        Put("/usr/sbin/sshd", "#!/bin/sh\n");
        Put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", "644");
        Put("/etc/shadow", "root:*:19000:0:99999:7:::\n", "640");
        Put("/etc/group", "root:x:0:\n", "644");
        if (ready)
        {
            var key = File.ReadAllLines(Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "vagrant.recipe.yaml")).Single(l => l.Contains("ssh-rsa", StringComparison.Ordinal)).Trim().Trim('-', ' ', '"');
            Put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nvagrant:x:1000:1000::/home/vagrant:/bin/sh\n", "644");
            Put("/home/vagrant/.ssh/authorized_keys", key + "\n", "600");
            Put("/etc/sudoers.d/vagrant", "vagrant ALL=(ALL) NOPASSWD: ALL\n", "440");
        }

        File.WriteAllBytes(folder.File("disk.raw"), []);
        ExternalTool.Ok("truncate", "-s", "64M", folder.File("disk.raw"));
        ExternalTool.Ok("mke2fs", "-q", "-t", "ext4", "-d", tree, folder.File("disk.raw"));
        File.WriteAllText(folder.File("box.xml"), """
            <image schema="2"><name version="1.0">boxed</name>
              <domain><boot type="hvm" id="bios"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os><drive disk="disk.raw" target="vda"/></boot>
                <devices><vcpu>2</vcpu><memory>393216</memory><interface/></devices></domain>
              <storage><disk file="disk.raw"/></storage></image>
            """);
        return folder.File("box.xml");
    }

    [Fact]
    public void A_box_holds_metadata_a_Vagrantfile_and_the_disk_as_compressed_qcow2()
    {
        var result = VagrantExporter.Export(Appliance(ready: true), folder.File("boxed.box"), null, null, CancellationToken.None);
        Assert.Empty(result.Missing);
        Assert.Equal("metadata.json\nVagrantfile\nbox.img\n", ExternalTool.Ok("tar", "tf", result.Path));
        var unpacked = Directory.CreateDirectory(folder.File("unpacked")).FullName;
        ExternalTool.Ok("tar", "xf", result.Path, "-C", unpacked);
        var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(unpacked, "metadata.json"))).RootElement;
        Assert.Equal(("libvirt", "qcow2", 1), (metadata.GetProperty("provider").GetString(), metadata.GetProperty("format").GetString(), metadata.GetProperty("virtual_size").GetInt32()));
        var vagrantfile = File.ReadAllText(Path.Combine(unpacked, "Vagrantfile"));
        Assert.Contains("libvirt.memory = 384", vagrantfile);
        Assert.Contains("libvirt.cpus = 2", vagrantfile);
        Assert.Contains("libvirt.disk_bus = \"virtio\"", vagrantfile);
        var info = JsonDocument.Parse(ExternalTool.QemuImg("info", "--output=json", Path.Combine(unpacked, "box.img"))).RootElement;
        Assert.Equal("qcow2", info.GetProperty("format").GetString());
        Assert.Contains("Images are identical", ExternalTool.QemuImg("compare", folder.File("disk.raw"), Path.Combine(unpacked, "box.img")));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path, ".*"));
    }

    [Fact]
    public void What_vagrant_up_needs_is_reported_and_the_example_recipe_adds_it()
    {
        var descriptor = Appliance(ready: false);
        var missing = VagrantReadiness.Missing(folder.File("disk.raw"), CancellationToken.None);
        Assert.Equal(["a 'vagrant' user", "sudo without a password for 'vagrant'"], missing.Select(m => m.Split(':')[0].Split(" (")[0]));

        var recipe = RecipeReader.Load(Path.Combine(ApplianceCommand.RepositoryRoot(), "examples", "vagrant.recipe.yaml"), RecipeVariables.Parse([], "boxed", 0));
        Customizer.Apply(folder.File("disk.raw"), recipe, null, CancellationToken.None);
        Assert.Empty(VagrantReadiness.Missing(folder.File("disk.raw"), CancellationToken.None));
        Assert.Empty(VagrantExporter.Export(descriptor, folder.File("ready.box"), null, null, CancellationToken.None).Missing);
    }
}
