using System.Text;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Capabilities;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>Appliance descriptors and libvirt's capabilities as `validate` and `check` read them.</summary>
public static class DescriptorTargets
{
    /// <summary>A KVM x86_64 host with BIOS and UEFI, so that a descriptor that reads well is also matched.</summary>
    private static readonly Lazy<HostCapabilities> Host = new(() => CapabilitiesParser.Parse(SampleHost.Capabilities, "sample host"));

    public static void Descriptor(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        var path = scratch.Write("appliance.xml", input);
        var result = DescriptorReader.Read(path);
        if (!result.HasErrors && result.Descriptor is { } descriptor)
        {
            _ = VariantMatcher.Match(descriptor, Host.Value);
        }
    }

    public static void Capabilities(byte[] input, Scratch scratch) =>
        _ = CapabilitiesParser.Parse(Encoding.UTF8.GetString(input), "capabilities.xml");

    public static void DomainCapabilities(byte[] input, Scratch scratch) =>
        _ = CapabilitiesParser.ParseDomainCapabilities(Encoding.UTF8.GetString(input), "domcapabilities.xml");
}
