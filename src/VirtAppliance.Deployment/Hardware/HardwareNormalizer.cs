using System.Globalization;
using System.Xml.Linq;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Hardware;

/// <summary>Decides the normalized hardware of a variant for a set of hosts: their newest common machine type and their baseline CPU.</summary>
public static class HardwareNormalizer
{
    public static NormalizedHardware Decide(IReadOnlyList<ConnectedHost> hosts, BootVariant variant, string domainType)
    {
        if (hosts.Count == 0)
        {
            throw new ArgumentException("normalizing hardware needs at least one host");
        }

        var machine = CommonMachine(hosts, variant, domainType);
        var cpus = hosts.Select(host => HostModelCpu(host, variant.Arch, machine, domainType)).ToList();
        var baseline = hosts[0].Session.Connection.BaselineCpu(cpus, variant.Arch, machine, domainType);
        return new NormalizedHardware(machine, XElement.Parse(baseline).ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>The machine family the variant asks for (q35, else i440fx), as the newest version every host has.</summary>
    private static string CommonMachine(IReadOnlyList<ConnectedHost> hosts, BootVariant variant, string domainType)
    {
        var prefix = variant.Requirements.Machine?.Contains("q35", StringComparison.OrdinalIgnoreCase) == true ? "pc-q35-" : "pc-i440fx-";
        HashSet<string>? common = null;
        foreach (var host in hosts)
        {
            var names = host.Capabilities.Guests
                .Where(g => g.OsType == "hvm" && g.Arch == variant.Arch)
                .SelectMany(g => g.Machines.Concat(g.Domains.Where(d => d.Type == domainType).SelectMany(d => d.Machines)))
                .SelectMany(m => new[] { m.Name, m.Canonical })
                .OfType<string>()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && VersionOf(name, prefix) is not null)
                .ToHashSet(StringComparer.Ordinal);
            common = common is null ? names : common.Intersect(names, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        }

        return common!.OrderByDescending(name => VersionOf(name, prefix)).FirstOrDefault()
            ?? throw new NotSupportedException(
                $"the hosts {string.Join(", ", hosts.Select(h => h.Uri))} have no {prefix}VERSION machine type in common for {variant.Arch} ({domainType}), so their hardware cannot be made identical");
    }

    private static Version? VersionOf(string name, string prefix) =>
        Version.TryParse(name[prefix.Length..], out var version) ? version : null;

    /// <summary>The CPU the host's hypervisor offers a guest of this domain type (domain capabilities' host-model), as a CPU definition.</summary>
    private static string HostModelCpu(ConnectedHost host, string arch, string machine, string domainType)
    {
        var capabilities = XElement.Parse(host.Session.Connection.GetDomainCapabilities(arch, domainType, machine));
        var hostModel = capabilities.Element("cpu")?.Elements("mode")
            .FirstOrDefault(m => (string?)m.Attribute("name") == "host-model" && (string?)m.Attribute("supported") == "yes")
            ?? throw new NotSupportedException($"{host.Uri} does not say which CPU it offers {domainType} guests of {machine} (no host-model CPU in its domain capabilities), so no common CPU model can be chosen");
        return new XElement(
            "cpu",
            new XAttribute("mode", "custom"),
            new XAttribute("match", "exact"),
            hostModel.Elements().Where(e => e.Name != "maxphysaddr")).ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The normalized machine's PCI slot for each device, in the order the definition lists them.</summary>
    public static XElement PciAddress(int bus, int slot, int function = 0, bool multifunction = false) =>
        new(
            "address",
            new XAttribute("type", "pci"),
            new XAttribute("domain", "0x0000"),
            new XAttribute("bus", "0x" + bus.ToString("x2", CultureInfo.InvariantCulture)),
            new XAttribute("slot", "0x" + slot.ToString("x2", CultureInfo.InvariantCulture)),
            new XAttribute("function", "0x" + function.ToString("x", CultureInfo.InvariantCulture)),
            multifunction ? new XAttribute("multifunction", "on") : null);
}
