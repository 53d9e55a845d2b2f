using System.Xml.Linq;
using VirtAppliance.Deployment.Hardware;

namespace VirtAppliance.Deployment.Tests;

/// <summary>Reading a guest's hardware from libvirt's domain XML, and editing a kept definition the way the live commands change it.</summary>
[Trait("Category", "Fast")]
public sealed class DomainHardwareTests
{
    /// <summary>The shape libvirt 9 writes for a running q35 guest (addresses assigned; two root ports in use, one free).</summary>
    private static readonly string Q35Live = Fixture("domain-q35-live.xml");

    /// <summary>An i440fx guest whose first NIC is on QEMU's command line (deploy --publish), in slot 0x1e.</summary>
    private static readonly string I440fxWithPublishedNic = Fixture("domain-i440fx-published.xml");

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void A_running_q35_guest_reads_as_its_vcpus_memory_dimms_devices_and_free_root_ports()
    {
        var hardware = DomainHardware.Read(Q35Live);
        Assert.Equal(2, hardware.Vcpus);
        Assert.Equal(4, hardware.MaxVcpus);
        Assert.Equal(327680, hardware.MemoryKiB);
        Assert.Equal(393216, hardware.TotalMemoryKiB);
        Assert.Equal(524288, hardware.MaxMemoryKiB);
        Assert.Equal([131072L], hardware.DimmsKiB);
        Assert.Equal(1, hardware.FreeMemorySlots);
        Assert.True(hardware.IsQ35);
        Assert.Equal(1, hardware.FreeDeviceSlots);
        Assert.Equal(new HardwareDisk("vda", "virtio", "disk", "/i/a.qcow2", "va-1"), hardware.Disks.Single());
        Assert.Equal(new HardwareNic("52:54:00:00:00:01", "user", "virtio"), hardware.Nics.Single());
        Assert.Equal(new HardwareHeadroom(2, 131072, 1, 1), HardwareHeadroom.Of(hardware));
    }

    [Fact]
    public void I440fx_slots_used_by_devices_and_by_the_published_nic_on_the_command_line_are_not_free()
    {
        var hardware = DomainHardware.Read(I440fxWithPublishedNic);
        Assert.False(hardware.IsQ35);
        Assert.Equal(256 * 1024, hardware.TotalMemoryKiB);
        Assert.Null(hardware.MaxMemoryKiB);

        // Slots 1 (PIIX3), 3, 4 and 0x1e are taken of 1..31.
        Assert.Equal(27, hardware.FreeDeviceSlots);
    }

    [Fact]
    public void Vcpus_below_the_maximum_set_current_and_beyond_it_raise_the_count()
    {
        var edited = DomainHardware.Read(DefinitionEdits.SetVcpus(Q35Live, 3));
        Assert.Equal((3, 4), (edited.Vcpus, edited.MaxVcpus));
        var full = DefinitionEdits.SetVcpus(Q35Live, 4);
        Assert.Null(XElement.Parse(full).Element("vcpu")!.Attribute("current"));
        Assert.Equal((4, 4), (DomainHardware.Read(full).Vcpus, DomainHardware.Read(full).MaxVcpus));
        var plain = DefinitionEdits.SetVcpus(I440fxWithPublishedNic, 3);
        Assert.Equal((3, 3), (DomainHardware.Read(plain).Vcpus, DomainHardware.Read(plain).MaxVcpus));
    }

    [Fact]
    public void A_dimm_adds_to_the_memory_and_the_balloon_target_and_memory_edits_keep_their_units()
    {
        var withDimm = DomainHardware.Read(DefinitionEdits.AddDevice(Q35Live, HardwareDevices.Dimm(131072)));
        Assert.Equal(393216 + 131072, withDimm.TotalMemoryKiB);
        Assert.Equal(327680 + 131072, withDimm.MemoryKiB);
        Assert.Equal(2, withDimm.DimmsKiB.Count);
        Assert.Equal(0, withDimm.FreeMemorySlots);

        var ballooned = DomainHardware.Read(DefinitionEdits.SetCurrentMemory(I440fxWithPublishedNic, 196608));
        Assert.Equal((196608, 262144), (ballooned.MemoryKiB, ballooned.TotalMemoryKiB));
        var grown = DomainHardware.Read(DefinitionEdits.SetMemory(DefinitionEdits.SetCurrentMemory(I440fxWithPublishedNic, 196608), 524288));
        Assert.Equal((524288, 524288), (grown.MemoryKiB, grown.TotalMemoryKiB));
    }

    [Fact]
    public void Devices_are_removed_by_disk_target_and_by_mac_address_in_any_case()
    {
        var withoutDisk = DomainHardware.Read(DefinitionEdits.RemoveDisk(Q35Live, "vda"));
        Assert.Empty(withoutDisk.Disks);
        Assert.Single(withoutDisk.Nics);
        var withoutNic = DomainHardware.Read(DefinitionEdits.RemoveInterface(Q35Live, "52:54:00:00:00:01".ToUpperInvariant()));
        Assert.Empty(withoutNic.Nics);
        Assert.Single(withoutNic.Disks);
        Assert.Single(DomainHardware.Read(DefinitionEdits.RemoveDisk(Q35Live, "vdz")).Disks);
    }

    [Fact]
    public void A_published_nic_goes_onto_the_command_line_reads_back_takes_its_slot_and_comes_off_again()
    {
        var nic = new PublishedNic("vapub1", "52:54:00:00:00:09", "pci.0", "0x6", 3,
            [new Planning.PublishedPort("127.0.0.1", 18080, 80, "tcp"), new Planning.PublishedPort("127.0.0.1", 15353, 53, "udp")]);
        var with = DefinitionEdits.AddPublishedNic(I440fxWithPublishedNic, nic);

        var read = DomainHardware.Read(with);
        Assert.Equal(nic with { Ports = [] }, read.PublishedNics.Single() with { Ports = [] });
        Assert.Equal(nic.Ports, read.PublishedNics.Single().Ports);
        Assert.Equal("user,id=vapub1,net=10.0.3.0/24,hostfwd=tcp:127.0.0.1:18080-:80,hostfwd=udp:127.0.0.1:15353-:53", nic.NetdevArgument);
        Assert.Equal(DomainHardware.Read(I440fxWithPublishedNic).FreeDeviceSlots - 1, read.FreeDeviceSlots);
        Assert.DoesNotContain(("pci.0", "0x6"), read.FreePlaces);

        var without = DefinitionEdits.RemovePublishedNic(with, nic);
        Assert.Empty(DomainHardware.Read(without).PublishedNics);
        Assert.Equal(XElement.Parse(I440fxWithPublishedNic).ToString(), XElement.Parse(without).ToString());
    }

    [Fact]
    public void On_q35_a_published_nic_holds_its_root_port()
    {
        var nic = new PublishedNic("vapub1", "52:54:00:00:00:09", "pci.3", "0x0", 3, [new Planning.PublishedPort("127.0.0.1", 18080, 80, "tcp")]);
        Assert.Equal([("pci.3", "0x0")], DomainHardware.Read(Q35Live).FreePlaces);
        Assert.Empty(DomainHardware.Read(DefinitionEdits.AddPublishedNic(Q35Live, nic)).FreePlaces);
    }
}
