using System.Xml.Linq;
using VirtAppliance.Deployment.Hardware;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

/// <summary>Deploy plans the room that live hardware changes need when the descriptor asks for it, and none otherwise.</summary>
[Trait("Category", "Fast")]
public sealed class HotplugPlanningTests
{
    private static XElement FinalXml(TempDirectory folder, string devices, string? machine, NormalizedHardware? normalized = null, string target = "vda")
    {
        using (var system = File.Create(folder.File("system.img")))
        {
            system.SetLength(1 << 20);
        }

        var path = folder.File("app.xml");
        File.WriteAllText(path, $"""
            <image schema="2">
              <name>hot</name>
              <domain>
                <boot type="hvm">
                  <guest><arch>x86_64</arch></guest>
                  <os><loader dev="hd"/></os>
                  <drive disk="system" target="{target}"/>
                  {(machine is null ? "" : $"<requirements><machine>{machine}</machine></requirements>")}
                </boot>
                <devices>{devices}<interface/></devices>
              </domain>
              <storage><disk id="system" file="system.img" format="raw"/></storage>
            </image>
            """);
        var descriptor = DescriptorReader.Load(path);
        var plan = DeploymentPlanner.Plan(descriptor, path, descriptor.Boots[0], "qemu", new DeployOptions { Normalized = normalized }, "test:///default", folder.File("instance"));
        return XElement.Parse(plan.FinalXml);
    }

    private static IEnumerable<XElement> RootPorts(XElement domain) =>
        domain.Element("devices")!.Elements("controller").Where(c => (string?)c.Attribute("model") == "pcie-root-port");

    [Fact]
    public void Maxima_become_dimm_slots_a_numa_cell_spare_vcpus_and_on_q35_root_ports_for_the_planned_devices()
    {
        using var folder = new TempDirectory();
        var domain = FinalXml(folder, """<vcpu max="4">1</vcpu><memory max="786432">262144</memory><hotplug disks="2" interfaces="1"/>""", "q35");

        var maxMemory = domain.Element("maxMemory")!;
        Assert.Equal("786432", maxMemory.Value);
        Assert.Equal("4", (string?)maxMemory.Attribute("slots"));
        Assert.Equal("262144", domain.Element("memory")!.Value);
        Assert.Equal("4", domain.Element("vcpu")!.Value);
        Assert.Equal("1", (string?)domain.Element("vcpu")!.Attribute("current"));
        var cell = domain.Element("cpu")!.Element("numa")!.Element("cell")!;
        Assert.Equal("0-3", (string?)cell.Attribute("cpus"));
        Assert.Equal("262144", (string?)cell.Attribute("memory"));

        // One virtio disk, one NIC, the balloon and USB, and the three planned devices; index 0 is the root itself.
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], RootPorts(domain).Select(p => (string)p.Attribute("index")!));

        var hardware = DomainHardware.Read(domain.ToString());
        Assert.Equal(1, hardware.Vcpus);
        Assert.Equal(4, hardware.MaxVcpus);
        Assert.Equal(786432, hardware.MaxMemoryKiB);
        Assert.Equal(4, hardware.FreeMemorySlots);
    }

    [Fact]
    public void Without_maxima_the_definition_is_what_it_always_was()
    {
        using var folder = new TempDirectory();
        var domain = FinalXml(folder, "<vcpu>2</vcpu><memory>262144</memory>", "q35");
        Assert.Null(domain.Element("maxMemory"));
        Assert.Null(domain.Element("cpu"));
        Assert.Null(domain.Element("vcpu")!.Attribute("current"));
        Assert.Empty(RootPorts(domain));
        var headroom = HardwareHeadroom.Of(DomainHardware.Read(domain.ToString()));
        Assert.Equal(0, headroom.Vcpus);
        Assert.Equal(0, headroom.MemoryKiB);
    }

    [Fact]
    public void I440fx_takes_hot_plugged_devices_on_its_root_bus_without_ports()
    {
        using var folder = new TempDirectory();
        var domain = FinalXml(folder, """<memory max="524288">262144</memory><hotplug disks="4"/>""", null);
        Assert.Empty(RootPorts(domain));
        Assert.Equal("2", (string?)domain.Element("maxMemory")!.Attribute("slots"));
        Assert.Null(domain.Element("vcpu")!.Attribute("current"));
        Assert.Equal("0-0", (string?)domain.Element("cpu")!.Element("numa")!.Element("cell")!.Attribute("cpus"));
    }

    [Theory]
    [InlineData(262144, 262144 + (128 * 1024), 1)]
    [InlineData(262144, 262144 + (100 * 1024), 1)]
    [InlineData(262144, 262144 + (1024 * 1024), 8)]
    [InlineData(262144, 262144 + (64L * 1024 * 1024), 16)]
    public void Dimm_slots_are_one_per_memory_block_of_growth_between_one_and_sixteen(long memory, long maximum, int slots) =>
        Assert.Equal(slots, new HotplugHeadroom(null, maximum, 0).MemorySlots(memory));

    private static readonly NormalizedHardware Normalized = new("pc-q35-7.2", "<cpu mode='custom' match='exact'><model fallback='forbid'>EPYC</model><feature policy='disable' name='vme'/></cpu>");

    private static IReadOnlyList<string> Addresses(XElement domain) =>
        domain.Element("devices")!.Elements().Where(d => d.Element("address") is not null)
            .Select(d => $"{d.Name.LocalName}:{(string?)d.Element("address")!.Attribute("bus")}:{(string?)d.Element("address")!.Attribute("slot")}.{(string?)d.Element("address")!.Attribute("function")}")
            .ToList();

    [Fact]
    public void Normalized_hardware_is_the_given_machine_and_cpu_with_virtio_devices_at_fixed_addresses()
    {
        using var folder = new TempDirectory();
        var domain = FinalXml(folder, """<vcpu max="2">1</vcpu><memory max="524288">262144</memory><hotplug disks="1"/><interface model="e1000"/>""", "q35", Normalized, "hda");

        Assert.Equal("pc-q35-7.2", (string?)domain.Element("os")!.Element("type")!.Attribute("machine"));
        var cpu = domain.Element("cpu")!;
        Assert.Equal("EPYC", cpu.Element("model")!.Value);
        Assert.Equal("0-1", (string?)cpu.Element("numa")!.Element("cell")!.Attribute("cpus"));

        // The descriptor's hda and e1000 become virtio: one bus and one NIC model everywhere.
        var disk = domain.Element("devices")!.Element("disk")!;
        Assert.Equal(("vda", "virtio"), ((string)disk.Element("target")!.Attribute("dev")!, (string)disk.Element("target")!.Attribute("bus")!));
        Assert.All(domain.Element("devices")!.Elements("interface"), nic => Assert.Equal("virtio", (string?)nic.Element("model")!.Attribute("type")));

        // Disk, two NICs, balloon, USB: each behind its own root port, in order; one spare port for the planned disk.
        Assert.Equal(
            ["disk:0x01:0x00.0x0", "interface:0x02:0x00.0x0", "interface:0x03:0x00.0x0", "memballoon:0x04:0x00.0x0", "controller:0x05:0x00.0x0",
             "controller:0x00:0x02.0x0", "controller:0x00:0x02.0x1", "controller:0x00:0x02.0x2", "controller:0x00:0x02.0x3", "controller:0x00:0x02.0x4", "controller:0x00:0x02.0x5"],
            Addresses(domain));

        // Two plans of the same appliance are the same hardware, whatever their identities.
        using var other = new TempDirectory();
        Assert.Equal(Addresses(domain), Addresses(FinalXml(other, """<vcpu max="2">1</vcpu><memory max="524288">262144</memory><hotplug disks="1"/><interface model="e1000"/>""", "q35", Normalized, "hda")));
    }

    [Fact]
    public void Normalized_i440fx_devices_take_root_bus_slots_from_three()
    {
        using var folder = new TempDirectory();
        var domain = FinalXml(folder, "<vcpu>1</vcpu><memory>262144</memory>", null, Normalized with { Machine = "pc-i440fx-7.2" });
        Assert.Equal("pc-i440fx-7.2", (string?)domain.Element("os")!.Element("type")!.Attribute("machine"));
        Assert.Equal(["disk:0x00:0x03.0x0", "interface:0x00:0x04.0x0", "memballoon:0x00:0x05.0x0"], Addresses(domain));
        Assert.Equal("EPYC", domain.Element("cpu")!.Element("model")!.Value);
        Assert.Null(domain.Element("cpu")!.Element("numa"));
    }
}
