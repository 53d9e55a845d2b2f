using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Capabilities;

namespace VirtAppliance.Hosts.Tests;

internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static HostCapabilities Host(string name, params string[] domainCapabilities) =>
        CapabilitiesParser.ParseFile(Path(name), domainCapabilities.Select(Path));

    public static ApplianceDescriptor Descriptor(string name) =>
        DescriptorReader.Load(System.IO.Path.Combine(AppContext.BaseDirectory, "Descriptors", name));
}
