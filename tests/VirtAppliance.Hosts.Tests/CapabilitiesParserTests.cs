using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Hosts.Tests;

[Trait("Category", "Vm")]
public sealed class CapabilitiesParserTests
{
    [Fact]
    public void ParsesAXenHostWithParavirtAndFullGuests()
    {
        var host = Fixtures.Host("xen-pv-hvm.xml");
        Assert.Equal("x86_64", host.Host.Arch);
        Assert.Equal(8388608, host.Host.MemoryKiB);
        Assert.Equal(4, host.Host.Cpus);
        Assert.Equal(4, host.Guests.Count);
        var pvI686 = Assert.Single(host.Guests, g => g.OsType == "xen" && g.Arch == "i686");
        Assert.True(pvI686.Features.Pae);
        Assert.False(pvI686.Features.NonPae);
        var hvmI686 = Assert.Single(host.Guests, g => g.OsType == "hvm" && g.Arch == "i686");
        Assert.True(hvmI686.Features.Pae && hvmI686.Features.NonPae);
        Assert.Equal(new ToggleFeature(true, true), hvmI686.Features.Acpi);
        Assert.Equal("/usr/lib/xen/boot/hvmloader", hvmI686.Loader);
        Assert.All(host.Guests, g => Assert.Equal("xen", Assert.Single(g.Domains).Type));
    }

    [Fact]
    public void ReadsLegacyLinuxOsTypeAsXen()
    {
        var host = Fixtures.Host("xen-pv-nonpae-i686.xml");
        Assert.Equal("xen", Assert.Single(host.Guests).OsType);
    }

    [Fact]
    public void ParsesMachinesWithCanonicalNamesAndLimits()
    {
        var guest = Assert.Single(Fixtures.Host("aarch64-kvm.xml").Guests);
        Assert.Contains(new MachineType("virt", "virt-7.2", 512, false), guest.Machines);
        Assert.Equal(["qemu", "kvm"], guest.Domains.Select(d => d.Type));
        Assert.Contains("disksnapshot", guest.Features.Others);
    }

    [Fact]
    public void ParsesDomainCapabilities()
    {
        var domain = Fixtures.Host("tcg-only-x86_64.xml", "domcaps-x86_64-efi.xml").DomainCapabilities.Single();
        Assert.Equal(["bios", "efi"], domain.Firmware);
        Assert.Equal(["/usr/share/OVMF/OVMF_CODE_4M.fd"], domain.Loaders);
        Assert.Equal(288, domain.MaxVcpus);
        Assert.Equal(["maximum", "custom"], domain.CpuModes);
        Assert.Equal(["qemu64"], domain.CpuModels);
        Assert.Equal(["ide", "scsi", "virtio", "usb", "sata"], domain.DeviceEnums["disk.bus"]);
        Assert.Equal(["vmcoreinfo"], domain.Features);
    }

    [Fact]
    public void ParsesWhatLibvirtsTestDriverReports()
    {
        var xml = ExternalTool.Ok("virsh", "-c", "test:///default", "capabilities");
        var host = CapabilitiesParser.Parse(xml, "test:///default");
        Assert.Contains(host.Guests, g => g.OsType == "hvm" && g.Arch == "i686" && g.Domains.Any(d => d.Type == "test"));
        Assert.Contains(host.Guests, g => g.OsType == "xen" && g.Arch == "i686");
        Assert.Contains(host.Guests, g => g.Features.Pae && g.Features.NonPae);
        var captured = Fixtures.Host("test-driver.xml");
        Assert.Equal(captured.Guests.Select(g => (g.OsType, g.Arch)), host.Guests.Select(g => (g.OsType, g.Arch)));
    }

    [Fact]
    public void ParsesTheEmbeddedQemuDriverCapturedOnThisProjectsMachines()
    {
        var host = Fixtures.Host("qemu-embed-debian12.xml");
        var x86 = Assert.Single(host.Guests, g => g.OsType == "hvm" && g.Arch == "x86_64");
        Assert.Contains(x86.Domains, d => d.Type == "qemu");
        Assert.Contains(x86.Machines, m => m.Name == "q35");
        Assert.True(host.Host.MemoryKiB > 0);

        var withDomain = Fixtures.Host("qemu-embed-debian12.xml", "domcaps-qemu-embed-debian12.xml");
        var domain = withDomain.DomainCapabilities.Single();
        Assert.Equal("qemu", domain.DomainType);
        Assert.Empty(domain.Firmware);
        Assert.Contains("virtio", domain.DeviceEnums["disk.bus"]);
        var match = Matching.VariantMatcher.Match(Fixtures.Descriptor("extended.xml"), withDomain with { KvmUsable = false });
        Assert.Equal(1, match.Chosen);
        Assert.Contains("reports none", match.Variants[0].Reasons.Single());
        Assert.Equal(Matching.RunVerdict.RunsEmulated, match.Variants[1].Verdict);
    }

    [Fact]
    public void RefusesDtdsAndForeignDocuments()
    {
        Assert.Throws<InvalidDataException>(() => CapabilitiesParser.Parse("<!DOCTYPE x [<!ENTITY e 'x'>]><capabilities/>", "evil.xml"));
        var error = Assert.Throws<InvalidDataException>(() => CapabilitiesParser.Parse("<domain/>", "domain.xml"));
        Assert.Contains("virsh capabilities", error.Message);
    }
}
