using System.Globalization;
using System.Xml.Linq;

namespace VirtAppliance.Deployment.Hardware;

/// <summary>The hardware a libvirt domain definition gives its guest, and the room left to add more while it runs.</summary>
public sealed partial record DomainHardware
{
    public required int Vcpus { get; init; }

    public required int MaxVcpus { get; init; }

    /// <summary>What the guest may use now (the balloon target: currentMemory).</summary>
    public required long MemoryKiB { get; init; }

    /// <summary>Boot memory plus every DIMM (the domain's &lt;memory&gt;).</summary>
    public required long TotalMemoryKiB { get; init; }

    /// <summary>The most that DIMMs may bring the total to; null when no memory can be hot-added.</summary>
    public long? MaxMemoryKiB { get; init; }

    public int MemorySlots { get; init; }

    public IReadOnlyList<long> DimmsKiB { get; init; } = [];

    public IReadOnlyList<HardwareDisk> Disks { get; init; } = [];

    public IReadOnlyList<HardwareNic> Nics { get; init; } = [];

    public string? Machine { get; init; }

    /// <summary>Network cards with forwarded ports that attach added on QEMU's command line.</summary>
    public IReadOnlyList<PublishedNic> PublishedNics { get; init; } = [];

    /// <summary>Where another device can go while the guest runs, as QEMU names it: (bus alias, slot).</summary>
    public IReadOnlyList<(string Bus, string Slot)> FreePlaces { get; init; } = [];

    /// <summary>
    /// Places for another PCI device while the guest runs: q35's empty PCIe root ports, or i440fx's free slots on
    /// its root bus.
    /// </summary>
    public int FreeDeviceSlots { get; init; }

    public bool IsQ35 => Machine?.Contains("q35", StringComparison.OrdinalIgnoreCase) == true;

    public int FreeMemorySlots => Math.Max(0, MemorySlots - DimmsKiB.Count);

    /// <summary>i440fx's root bus has 32 slots; slot 0 is the host bridge.</summary>
    private const int RootBusSlots = 31;

    /// <summary>Reads libvirt's domain XML; a document that is not one is an <see cref="InvalidDataException"/>.</summary>
    public static DomainHardware Read(string domainXml)
    {
        try
        {
            return ReadDomain(XDocument.Parse(domainXml).Root ?? throw new InvalidDataException("the domain XML is empty"));
        }
        catch (Exception error) when (error is System.Xml.XmlException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"the domain XML cannot be read: {error.Message}", error);
        }
    }

    private static DomainHardware ReadDomain(XElement domain)
    {
        var vcpu = domain.Element("vcpu");
        var maxVcpus = vcpu is null ? 1 : int.Parse(vcpu.Value.Trim(), CultureInfo.InvariantCulture);
        var total = Kib(domain.Element("memory")) ?? 0;
        var maxMemory = domain.Element("maxMemory");
        var devices = domain.Element("devices") ?? new XElement("devices");
        var machine = domain.Element("os")?.Element("type")?.Attribute("machine")?.Value;
        var hardware = new DomainHardware
        {
            Vcpus = vcpu?.Attribute("current") is { } current ? int.Parse(current.Value, CultureInfo.InvariantCulture) : maxVcpus,
            MaxVcpus = maxVcpus,
            TotalMemoryKiB = total,
            MemoryKiB = Kib(domain.Element("currentMemory")) ?? total,
            MaxMemoryKiB = Kib(maxMemory),
            MemorySlots = maxMemory?.Attribute("slots") is { } slots ? int.Parse(slots.Value, CultureInfo.InvariantCulture) : 0,
            DimmsKiB = devices.Elements("memory").Where(m => m.Attribute("model")?.Value == "dimm")
                .Select(m => Kib(m.Element("target")?.Element("size")) ?? 0).ToList(),
            Disks = devices.Elements("disk").Select(HardwareDisk.From).ToList(),
            Nics = devices.Elements("interface").Select(HardwareNic.From).ToList(),
            Machine = machine,
            PublishedNics = PublishedNic.In(domain),
        };
        var places = hardware.IsQ35 ? FreeRootPorts(domain, devices) : FreeRootBusSlots(domain, devices);
        return hardware with { FreeDeviceSlots = places.Count, FreePlaces = places };
    }

    private static List<(string Bus, string Slot)> FreeRootPorts(XElement domain, XElement devices)
    {
        var ports = devices.Elements("controller")
            .Where(c => c.Attribute("type")?.Value == "pci" && c.Attribute("model")?.Value == "pcie-root-port")
            .Select(c => c.Attribute("index")?.Value)
            .OfType<string>()
            .Select(index => int.Parse(index, CultureInfo.InvariantCulture))
            .ToHashSet();
        var used = PciAddresses(devices).Select(a => a.Bus).ToHashSet();
        used.UnionWith(PublishedNic.In(domain).Select(n => n.Bus.StartsWith("pci.", StringComparison.Ordinal) && int.TryParse(n.Bus.AsSpan(4), CultureInfo.InvariantCulture, out var port) ? port : -1));
        return ports.Where(p => !used.Contains(p)).Order().Select(p => ($"pci.{p}", "0x0")).ToList();
    }

    private static List<(string Bus, string Slot)> FreeRootBusSlots(XElement domain, XElement devices)
    {
        var used = PciAddresses(devices).Where(a => a.Bus == 0).Select(a => a.Slot).ToHashSet();

        // The NIC that carries published ports is on QEMU's command line, in a slot libvirt does not list.
        XNamespace qemu = Planning.DomainXmlBuilder.QemuNamespace;
        foreach (var argument in domain.Elements(qemu + "commandline").Elements(qemu + "arg").Select(a => a.Attribute("value")?.Value ?? ""))
        {
            if (SlotArgument().Match(argument) is { Success: true } match)
            {
                used.Add(int.Parse(match.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return Enumerable.Range(1, RootBusSlots).Where(slot => !used.Contains(slot)).Select(slot => ("pci.0", $"0x{slot:x}")).ToList();
    }

    private static IEnumerable<(int Bus, int Slot)> PciAddresses(XElement devices) =>
        devices.Elements().Elements("address")
            .Where(a => a.Attribute("type")?.Value == "pci")
            .Select(a => (Hex(a.Attribute("bus")?.Value), Hex(a.Attribute("slot")?.Value)));

    private static int Hex(string? value) =>
        value is null ? 0
        : value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? int.Parse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : int.Parse(value, CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("(?:^|,)addr=0x([0-9a-fA-F]{1,2})(?:,|$)")]
    private static partial System.Text.RegularExpressions.Regex SlotArgument();

    /// <summary>A libvirt size element in KiB, whatever its unit (libvirt writes KiB; people write MiB, GiB...).</summary>
    internal static long? Kib(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var value = long.Parse(element.Value.Trim(), CultureInfo.InvariantCulture);
        return (element.Attribute("unit")?.Value ?? "KiB") switch
        {
            "b" or "bytes" => value / 1024,
            "KB" => value * 1000 / 1024,
            "k" or "KiB" => value,
            "MB" => value * 1000 * 1000 / 1024,
            "M" or "MiB" => value * 1024,
            "GB" => value * 1000 * 1000 * 1000 / 1024,
            "G" or "GiB" => value * 1024 * 1024,
            "T" or "TiB" => value * 1024 * 1024 * 1024,
            var unit => throw new InvalidDataException($"memory unit '{unit}' is not one libvirt writes"),
        };
    }
}

/// <summary>A disk or CD-ROM as the domain has it.</summary>
public sealed record HardwareDisk(string Target, string Bus, string Device, string? Source, string? Serial)
{
    public static HardwareDisk From(XElement disk) =>
        new(
            disk.Element("target")?.Attribute("dev")?.Value ?? "",
            disk.Element("target")?.Attribute("bus")?.Value ?? "",
            disk.Attribute("device")?.Value ?? "disk",
            disk.Element("source")?.Attribute("file")?.Value ?? disk.Element("source")?.Attribute("dev")?.Value,
            disk.Element("serial")?.Value);
}

/// <summary>A network card as the domain has it.</summary>
public sealed record HardwareNic(string MacAddress, string Type, string? Model)
{
    public static HardwareNic From(XElement nic) =>
        new(nic.Element("mac")?.Attribute("address")?.Value ?? "", nic.Attribute("type")?.Value ?? "", nic.Element("model")?.Attribute("type")?.Value);
}
