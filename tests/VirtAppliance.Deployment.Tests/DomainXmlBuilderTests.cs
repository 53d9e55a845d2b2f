using System.Xml.Linq;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

[Trait("Category", "Fast")]
public sealed class DomainXmlBuilderTests
{
    private static InstancePlan Plan(TempDirectory folder, DeployOptions? options = null, bool installPhase = true, string? requirements = null, string domainType = "qemu")
    {
        var path = TestAppliance.Write(folder, installPhase, requirements);
        var descriptor = DescriptorReader.Load(path);
        return DeploymentPlanner.Plan(descriptor, path, descriptor.Boots[0], domainType, options ?? new DeployOptions(), "test:///default", folder.File("instance"));
    }

    [Fact]
    public void Both_phases_share_every_identity_and_differ_only_where_the_install_needs()
    {
        using var folder = new TempDirectory();
        var plan = Plan(folder);
        var final = XElement.Parse(plan.FinalXml);
        var install = XElement.Parse(plan.InstallXml!);
        Assert.Equal(plan.Uuid, final.Element("uuid")!.Value);
        Assert.Equal(plan.Uuid, install.Element("uuid")!.Value);
        Assert.Equal(Macs(final), Macs(install));
        Assert.Equal(2, Macs(final).Count);
        Assert.All(Macs(final), mac => Assert.StartsWith("52:54:00:", mac));
        Assert.Equal(Serials(final), Serials(install));
        Assert.Equal(3, Serials(final).Distinct().Count());
        Assert.Equal("restart", final.Element("on_reboot")!.Value);
        Assert.Equal("destroy", install.Element("on_reboot")!.Value);
        Assert.Equal(folder.File("initrd.img"), final.Element("os")!.Element("initrd")!.Value);
        Assert.Equal(folder.File("installer.img"), install.Element("os")!.Element("initrd")!.Value);
        Assert.Contains("va.phase=install", install.Element("os")!.Element("cmdline")!.Value);
        Assert.NotEqual(ConsoleOf(final), ConsoleOf(install));
        Assert.EndsWith("install.log", ConsoleOf(install));
        Assert.Equal("install", Phase(install));
        Assert.Equal("install", Phase(final));
    }

    [Fact]
    public void A_variant_without_install_phase_starts_in_phase_starting_and_names_its_appliance()
    {
        using var folder = new TempDirectory();
        var plan = Plan(folder, installPhase: false);
        Assert.Null(plan.InstallXml);
        var metadata = XElement.Parse(plan.FinalXml).Element("metadata")!.Elements().Single();
        Assert.Equal(InstanceMetadata.Namespace, metadata.Name.NamespaceName);
        Assert.Equal("test-app", (string?)metadata.Attribute("appliance"));
        Assert.Equal("2.1", (string?)metadata.Attribute("version"));
        Assert.Equal("direct", (string?)metadata.Attribute("variant"));
        Assert.Equal("starting", (string?)metadata.Attribute("phase"));
    }

    [Fact]
    public void Disks_are_overlays_of_the_base_or_created_disks_on_the_bus_their_target_names()
    {
        using var folder = new TempDirectory();
        var plan = Plan(folder, new DeployOptions { StorageDirectory = folder.File("store") });
        var system = plan.Disks.Single(d => d.Id == "system");
        Assert.Equal(folder.File("store/system.qcow2"), system.Path);
        Assert.Equal(folder.File("system.img"), system.BasePath);
        Assert.Equal("raw", system.BaseFormat);
        Assert.Equal("ide", system.Bus);
        var data = plan.Disks.Single(d => d.Id == "data");
        Assert.Null(data.BasePath);
        Assert.Equal(4L << 20, data.SizeBytes);
        var disks = XElement.Parse(plan.FinalXml).Descendants("disk").ToList();
        Assert.Equal(["hda", "hdb", "hdc"], disks.Select(d => (string)d.Element("target")!.Attribute("dev")!));
        Assert.All(disks, d => Assert.Equal("qcow2", (string?)d.Element("driver")!.Attribute("type")));
    }

    [Fact]
    public void A_required_disk_bus_renames_the_targets()
    {
        using var folder = new TempDirectory();
        var plan = Plan(folder, requirements: "<requirements><disk-bus>virtio</disk-bus></requirements>");
        Assert.Equal(["vda", "vdb", "vdc"], plan.Disks.Select(d => d.Target));
        Assert.All(plan.Disks, d => Assert.Equal("virtio", d.Bus));
    }

    [Fact]
    public void Memory_vcpus_acpi_and_pae_follow_options_and_descriptor()
    {
        using var folder = new TempDirectory();
        var final = XElement.Parse(Plan(folder, new DeployOptions { MemoryMiB = 512, Vcpus = 2 }).FinalXml);
        Assert.Equal("524288", final.Element("memory")!.Value);
        Assert.Equal("2", final.Element("vcpu")!.Value);
        Assert.NotNull(final.Element("features")!.Element("acpi"));
        Assert.NotNull(final.Element("features")!.Element("pae"));
        Assert.Equal("qemu", (string?)final.Attribute("type"));
    }

    [Fact]
    public void Published_ports_become_hostfwd_rules_on_qemus_own_user_network()
    {
        using var folder = new TempDirectory();
        var plan = Plan(folder, new DeployOptions { Publish = [PublishedPort.Parse("8080:80"), PublishedPort.Parse("0.0.0.0:5353:53/udp")] });
        var final = XElement.Parse(plan.FinalXml);
        XNamespace qemu = DomainXmlBuilder.QemuNamespace;
        var args = final.Element(qemu + "commandline")!.Elements(qemu + "arg").Select(a => (string)a.Attribute("value")!).ToList();
        Assert.Contains("user,id=vanet0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp:0.0.0.0:5353-:53", args);
        Assert.Contains($"virtio-net-pci,netdev=vanet0,mac={plan.MacAddresses[0]},bus=pci.0,addr=0x1e", args);
        Assert.Single(final.Descendants("interface"));
    }

    [Fact]
    public void Efi_firmware_is_requested_from_libvirt_when_the_variant_requires_it()
    {
        using var folder = new TempDirectory();
        var final = XElement.Parse(Plan(folder, requirements: "<requirements><firmware>efi</firmware></requirements>").FinalXml);
        Assert.Equal("efi", (string?)final.Element("os")!.Attribute("firmware"));
    }

    [Fact]
    public void An_install_phase_with_no_start_is_refused()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<ArgumentException>(() => Plan(folder, new DeployOptions { Start = false }));
        Assert.Contains("--no-start", error.Message);
    }

    private static List<string> Macs(XElement domain) => domain.Descendants("mac").Select(m => (string)m.Attribute("address")!).ToList();

    private static List<string> Serials(XElement domain) => domain.Descendants("disk").Select(d => d.Element("serial")!.Value).ToList();

    private static string ConsoleOf(XElement domain) => (string)domain.Descendants("serial").Single(s => (string?)s.Attribute("type") == "pty").Element("log")!.Attribute("file")!;

    private static string? Phase(XElement domain) => (string?)domain.Element("metadata")!.Elements().Single().Attribute("phase");
}
