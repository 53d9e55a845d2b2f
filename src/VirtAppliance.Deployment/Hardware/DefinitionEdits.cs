using System.Xml.Linq;

namespace VirtAppliance.Deployment.Hardware;

/// <summary>
/// The changes that live hardware commands make, applied to a domain definition kept as text (an instance plan's
/// final XML), so that a domain defined again from the plan has them.
/// </summary>
public static class DefinitionEdits
{
    /// <summary>Active vCPUs below the maximum, or (with no maximum, or beyond it) a new count.</summary>
    public static string SetVcpus(string xml, int count) => Edit(xml, domain =>
    {
        var vcpu = domain.Element("vcpu") ?? throw new InvalidDataException("the definition has no <vcpu>");
        var maximum = int.Parse(vcpu.Value.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (vcpu.Attribute("current") is not null && count <= maximum)
        {
            vcpu.SetAttributeValue("current", count == maximum ? null : count);
            return;
        }

        vcpu.SetAttributeValue("current", null);
        vcpu.Value = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>The balloon target (currentMemory).</summary>
    public static string SetCurrentMemory(string xml, long kib) => Edit(xml, domain =>
    {
        var current = domain.Element("currentMemory");
        if (current is null)
        {
            current = new XElement("currentMemory");
            (domain.Element("memory") ?? throw new InvalidDataException("the definition has no <memory>")).AddAfterSelf(current);
        }

        current.SetAttributeValue("unit", "KiB");
        current.Value = kib.ToString(System.Globalization.CultureInfo.InvariantCulture);
    });

    /// <summary>Memory of a guest without DIMM slots: its size for the next start.</summary>
    public static string SetMemory(string xml, long kib) => Edit(xml, domain =>
    {
        var memory = domain.Element("memory") ?? throw new InvalidDataException("the definition has no <memory>");
        memory.SetAttributeValue("unit", "KiB");
        memory.Value = kib.ToString(System.Globalization.CultureInfo.InvariantCulture);
        domain.Element("currentMemory")?.Remove();
    });

    /// <summary>A device (disk, interface, DIMM, controller) added to &lt;devices&gt;; a DIMM adds its size to &lt;memory&gt;.</summary>
    public static string AddDevice(string xml, XElement device) => Edit(xml, domain =>
    {
        var devices = domain.Element("devices") ?? throw new InvalidDataException("the definition has no <devices>");
        devices.Add(new XElement(device));
        if (device.Name == "memory" && DomainHardware.Kib(device.Element("target")?.Element("size")) is { } size)
        {
            var memory = domain.Element("memory")!;
            var total = DomainHardware.Kib(memory)!.Value + size;
            memory.SetAttributeValue("unit", "KiB");
            memory.Value = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (domain.Element("currentMemory") is { } current)
            {
                current.SetAttributeValue("unit", "KiB");
                current.Value = (DomainHardware.Kib(current)!.Value + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    });

    /// <summary>Removes the disk with this target name; false when there is none.</summary>
    public static string RemoveDisk(string xml, string target) => Edit(xml, domain =>
        domain.Element("devices")?.Elements("disk").Where(d => d.Element("target")?.Attribute("dev")?.Value == target).Remove());

    /// <summary>Removes the interface with this MAC address.</summary>
    public static string RemoveInterface(string xml, string macAddress) => Edit(xml, domain =>
        domain.Element("devices")?.Elements("interface")
            .Where(i => string.Equals(i.Element("mac")?.Attribute("address")?.Value, macAddress, StringComparison.OrdinalIgnoreCase)).Remove());

    /// <summary>A published NIC's two QEMU arguments (-netdev, -device) on the definition's command line.</summary>
    public static string AddPublishedNic(string xml, PublishedNic nic) => Edit(xml, domain =>
    {
        XNamespace qemu = Planning.DomainXmlBuilder.QemuNamespace;
        if (domain.Attribute(XNamespace.Xmlns + "qemu") is null)
        {
            domain.Add(new XAttribute(XNamespace.Xmlns + "qemu", Planning.DomainXmlBuilder.QemuNamespace));
        }

        var commandLine = domain.Element(qemu + "commandline");
        if (commandLine is null)
        {
            commandLine = new XElement(qemu + "commandline");
            domain.Add(commandLine);
        }

        foreach (var value in new[] { "-netdev", nic.NetdevArgument, "-device", nic.DeviceArgument })
        {
            commandLine.Add(new XElement(qemu + "arg", new XAttribute("value", value)));
        }
    });

    /// <summary>Removes a published NIC's arguments (and the command line when nothing else is on it).</summary>
    public static string RemovePublishedNic(string xml, PublishedNic nic) => Edit(xml, domain =>
    {
        XNamespace qemu = Planning.DomainXmlBuilder.QemuNamespace;
        var commandLine = domain.Element(qemu + "commandline");
        var arguments = commandLine?.Elements(qemu + "arg").ToList() ?? [];
        for (var i = arguments.Count - 1; i > 0; i--)
        {
            var value = (string?)arguments[i].Attribute("value");
            if (value == nic.NetdevArgument || value == nic.DeviceArgument)
            {
                arguments[i].Remove();
                arguments[i - 1].Remove();
            }
        }

        if (commandLine is not null && !commandLine.HasElements)
        {
            commandLine.Remove();
        }
    });

    private static string Edit(string xml, Action<XElement> change)
    {
        var domain = XElement.Parse(xml);
        change(domain);
        return domain.ToString();
    }
}
