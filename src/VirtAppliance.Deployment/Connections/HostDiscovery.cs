using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Probing;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Connections;

/// <summary>A connection's host as the matcher needs it: libvirt's capabilities, plus the KVM probe when the host is this machine.</summary>
public static class HostDiscovery
{
    public static HostCapabilities Discover(HypervisorSession session, ApplianceDescriptor descriptor, KvmProbe.Result? localKvm) =>
        WithFirmware(Describe(session, localKvm), session, descriptor);

    /// <summary>What does not depend on the appliance: libvirt's capabilities and the KVM probe's verdict.</summary>
    public static HostCapabilities Describe(HypervisorSession session, KvmProbe.Result? localKvm)
    {
        var host = CapabilitiesParser.Parse(session.Connection.GetCapabilities(), session.RequestedUri);
        if (ConnectionUris.IsLocal(session.RequestedUri) && localKvm is not null)
        {
            host = host with
            {
                KvmUsable = localKvm.Usable,
                ProbeNotes = localKvm.Usable ? [] : [$"KVM is not usable here: {localKvm.Detail}; guests run emulated (TCG)"],
            };
        }

        return host;
    }

    /// <summary>Adds the domain capabilities (firmware) of the appliance's architectures when a variant requires firmware.</summary>
    public static HostCapabilities WithFirmware(HostCapabilities host, HypervisorSession session, ApplianceDescriptor descriptor)
    {
        var connection = session.Connection;
        var firmwareWanted = descriptor.Boots.Any(b => b.Requirements.Firmware is not null);
        if (firmwareWanted && !ConnectionUris.IsTestDriver(session.RequestedUri))
        {
            var virtType = host.KvmUsable == false ? "qemu" : null;
            var domainCapabilities = descriptor.Boots
                .Select(b => b.Arch)
                .Distinct()
                .Select(arch => TryDomainCapabilities(connection, arch, virtType, session.RequestedUri))
                .OfType<DomainCapabilities>()
                .ToList();
            host = host with { DomainCapabilities = domainCapabilities };
        }

        return host;
    }

    private static DomainCapabilities? TryDomainCapabilities(LibvirtConnection connection, string arch, string? virtType, string source)
    {
        try
        {
            return CapabilitiesParser.ParseDomainCapabilities(connection.GetDomainCapabilities(arch, virtType), source);
        }
        catch (LibvirtException)
        {
            return null;
        }
    }
}
