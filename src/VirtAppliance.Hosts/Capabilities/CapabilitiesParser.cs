using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace VirtAppliance.Hosts.Capabilities;

/// <summary>Parses libvirt capabilities and domain capabilities XML (DTDs refused, bounded size).</summary>
public static class CapabilitiesParser
{
    /// <summary>Capabilities documents larger than this are refused.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>Reads a <c>virsh capabilities</c> file and, optionally, <c>virsh domcapabilities</c> files for it.</summary>
    public static HostCapabilities ParseFile(string path, IEnumerable<string>? domainCapabilityFiles = null)
    {
        var capabilities = Parse(ReadBounded(path), path);
        var domains = (domainCapabilityFiles ?? []).Select(file => ParseDomainCapabilities(ReadBounded(file), file)).ToList();
        return domains.Count == 0 ? capabilities : capabilities with { DomainCapabilities = domains };
    }

    /// <summary>Parses capabilities XML; <paramref name="source"/> names it in errors.</summary>
    public static HostCapabilities Parse(string xml, string source)
    {
        var root = Load(xml, source, "capabilities");
        var host = root.Element("host");
        var cpu = host?.Element("cpu");
        var topology = cpu?.Element("topology");
        var cells = host?.Element("topology")?.Element("cells")?.Elements("cell").ToList() ?? [];
        var memory = cells.Select(c => c.Element("memory")).OfType<XElement>().Sum(m => KiB(m)) is var sum and > 0 ? sum : (long?)null;
        var cpus = cells.Sum(c => c.Element("cpus")?.Elements("cpu").Count() ?? 0);
        var info = new HostInfo
        {
            Arch = cpu?.Element("arch")?.Value.Trim(),
            CpuModel = cpu?.Element("model")?.Value.Trim(),
            CpuVendor = cpu?.Element("vendor")?.Value.Trim(),
            CpuFeatures = CpuFeatures(cpu),
            Sockets = Int(topology?.Attribute("sockets")?.Value),
            Dies = Int(topology?.Attribute("dies")?.Value),
            Cores = Int(topology?.Attribute("cores")?.Value),
            Threads = Int(topology?.Attribute("threads")?.Value),
            Cpus = cpus > 0 ? cpus : Int(topology?.Attribute("sockets")?.Value) * (Int(topology?.Attribute("dies")?.Value) ?? 1) * Int(topology?.Attribute("cores")?.Value) * Int(topology?.Attribute("threads")?.Value),
            MemoryKiB = memory,
            SecurityModels = host?.Elements("secmodel").Select(s => s.Element("model")?.Value).OfType<string>().ToList() ?? [],
        };
        return new HostCapabilities
        {
            Source = source,
            Host = info,
            Guests = root.Elements("guest").Select(g => ParseGuest(g, source)).OfType<GuestCapability>().ToList(),
        };
    }

    /// <summary>Parses domain capabilities XML; <paramref name="source"/> names it in errors.</summary>
    public static DomainCapabilities ParseDomainCapabilities(string xml, string source)
    {
        var root = Load(xml, source, "domainCapabilities");
        var os = root.Element("os");
        var cpu = root.Element("cpu");
        var devices = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var device in root.Element("devices")?.Elements() ?? [])
        {
            foreach (var enumeration in device.Elements("enum"))
            {
                devices[$"{device.Name.LocalName}.{enumeration.Attribute("name")?.Value}"] = Values(enumeration);
            }
        }

        return new DomainCapabilities
        {
            Path = root.Element("path")?.Value.Trim(),
            DomainType = root.Element("domain")?.Value.Trim(),
            Machine = root.Element("machine")?.Value.Trim(),
            Arch = root.Element("arch")?.Value.Trim(),
            MaxVcpus = Int(root.Element("vcpu")?.Attribute("max")?.Value),
            Firmware = os?.Elements("enum").Where(e => e.Attribute("name")?.Value == "firmware").SelectMany(Values).ToList() ?? [],
            Loaders = os?.Element("loader")?.Elements("value").Select(v => v.Value.Trim()).ToList() ?? [],
            CpuModes = cpu?.Elements("mode").Where(m => m.Attribute("supported")?.Value == "yes").Select(m => m.Attribute("name")?.Value).OfType<string>().ToList() ?? [],
            CpuModels = cpu?.Elements("mode").SelectMany(m => m.Elements("model")).Where(m => m.Attribute("usable")?.Value != "no").Select(m => m.Value.Trim()).ToList() ?? [],
            DeviceEnums = devices,
            Features = root.Element("features")?.Elements().Where(f => f.Attribute("supported")?.Value == "yes").Select(f => f.Name.LocalName).ToList() ?? [],
        };
    }

    private static GuestCapability? ParseGuest(XElement guest, string source)
    {
        var arch = guest.Element("arch");
        var osType = guest.Element("os_type")?.Value.Trim();
        if (arch?.Attribute("name")?.Value is not { } archName || osType is null)
        {
            throw new InvalidDataException($"{source}: a <guest> lacks <os_type> or <arch name=...>; this is not libvirt capabilities XML");
        }

        var features = guest.Element("features");
        return new GuestCapability
        {
            OsType = osType == "linux" ? "xen" : osType,
            Arch = archName,
            WordSize = Int(arch.Element("wordsize")?.Value),
            Emulator = arch.Element("emulator")?.Value.Trim(),
            Loader = arch.Element("loader")?.Value.Trim(),
            Machines = Machines(arch),
            Domains = arch.Elements("domain").Select(d => new GuestDomainType(
                d.Attribute("type")?.Value ?? "unknown", d.Element("emulator")?.Value.Trim(), Machines(d))).ToList(),
            Features = new GuestFeatures
            {
                Pae = features?.Element("pae") is not null,
                NonPae = features?.Element("nonpae") is not null,
                Acpi = Toggle(features?.Element("acpi")),
                Apic = Toggle(features?.Element("apic")),
                Others = features?.Elements().Select(f => f.Name.LocalName).Where(n => n is not ("pae" or "nonpae" or "acpi" or "apic")).ToList() ?? [],
            },
        };
    }

    /// <summary>Modern capabilities list &lt;feature name=.../&gt;; older ones (and the test driver) &lt;features&gt;&lt;pae/&gt;...&lt;/features&gt;.</summary>
    private static List<string> CpuFeatures(XElement? cpu) =>
        cpu is null
            ? []
            : cpu.Elements("feature").Select(f => f.Attribute("name")?.Value).OfType<string>()
                .Concat(cpu.Element("features")?.Elements().Select(f => f.Name.LocalName) ?? [])
                .Distinct().ToList();

    private static List<MachineType> Machines(XElement parent) =>
        parent.Elements("machine").Select(m => new MachineType(
            m.Value.Trim(), m.Attribute("canonical")?.Value, Int(m.Attribute("maxCpus")?.Value), m.Attribute("deprecated")?.Value == "yes")).ToList();

    private static ToggleFeature? Toggle(XElement? feature) => feature is null
        ? null
        : new ToggleFeature(feature.Attribute("default")?.Value != "off", feature.Attribute("toggle")?.Value != "no");

    private static List<string> Values(XElement enumeration) => enumeration.Elements("value").Select(v => v.Value.Trim()).ToList();

    private static long KiB(XElement memory)
    {
        var value = long.TryParse(memory.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
        return (memory.Attribute("unit")?.Value ?? "KiB") switch
        {
            "KiB" or "k" or "K" => value,
            "MiB" or "M" => value * 1024,
            "GiB" or "G" => value * 1024 * 1024,
            "bytes" or "b" => value / 1024,
            _ => value,
        };
    }

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string ReadBounded(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such capabilities file", path);
        }

        var length = new FileInfo(path).Length;
        return length > MaxBytes
            ? throw new InvalidDataException($"{path}: {length} bytes is too large for capabilities XML (at most {MaxBytes})")
            : File.ReadAllText(path);
    }

    private static XElement Load(string xml, string source, string rootName)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes };
        try
        {
            using (var scan = XmlReader.Create(new StringReader(xml), settings))
            {
                if (VirtAppliance.Descriptors.Reading.XmlNesting.Check(scan, "capabilities") is var (line, column, problem))
                {
                    throw new InvalidDataException($"{source}:{line}:{column}: {problem}");
                }
            }

            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var root = XDocument.Load(reader, LoadOptions.SetLineInfo).Root!;
            return root.Name.LocalName == rootName
                ? root
                : throw new InvalidDataException($"{source}: the root element is <{root.Name.LocalName}>, not <{rootName}>; pass the output of 'virsh {(rootName == "capabilities" ? "capabilities" : "domcapabilities")}'");
        }
        catch (XmlException exception)
        {
            throw new InvalidDataException($"{source}:{exception.LineNumber}:{exception.LinePosition}: {exception.Message}", exception);
        }
    }
}
