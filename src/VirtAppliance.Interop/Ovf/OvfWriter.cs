using System.Globalization;
using System.Xml.Linq;

namespace VirtAppliance.Interop.Ovf;

/// <summary>
/// Writes an OVF envelope as VMware, VirtualBox and virt-v2v read it: References, DiskSection, NetworkSection and one
/// VirtualSystem with ProductSection, OperatingSystemSection and VirtualHardwareSection (and, for EFI, VirtualBox's
/// vbox:Machine, where VirtualBox reads the firmware from). The rasd elements of each item
/// are in the alphabetical order of the CIM schema, which validating readers (VMware's) insist on.
/// </summary>
public static class OvfWriter
{
    public const string NetworkName = "nat";

    public static XDocument Write(OvfPackage package)
    {
        var ovf = package.Version >= 2 ? OvfNames.Envelope2 : OvfNames.Envelope1;
        var efi = package.Firmware == "efi";
        var items = new List<XElement>();
        var instance = 0;
        string Next() => (++instance).ToString(CultureInfo.InvariantCulture);
        items.Add(Item(ovf, ("AllocationUnits", "hertz * 10^6"), ("Description", "Number of virtual CPUs"), ("ElementName", $"{package.Vcpus} virtual CPU(s)"),
            ("InstanceID", Next()), ("ResourceType", Text(ResourceTypes.Processor)), ("VirtualQuantity", Text(package.Vcpus))));
        items.Add(Item(ovf, ("AllocationUnits", "byte * 2^20"), ("Description", "Memory size"), ("ElementName", $"{package.MemoryMiB} MB of memory"),
            ("InstanceID", Next()), ("ResourceType", Text(ResourceTypes.Memory)), ("VirtualQuantity", Text(package.MemoryMiB))));

        var controllerIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var perType = new Dictionary<int, int>();
        foreach (var controller in package.Controllers)
        {
            var number = perType[controller.ResourceType] = perType.GetValueOrDefault(controller.ResourceType, -1) + 1;
            var id = Next();
            controllerIds[controller.InstanceId] = id;
            items.Add(Item(ovf, ("Address", Text(number)), ("Description", $"{ControllerName(controller)} Controller"),
                ("ElementName", $"{ControllerName(controller)} Controller {number}"), ("InstanceID", id),
                ("ResourceSubType", controller.SubType), ("ResourceType", Text(controller.ResourceType))));
        }

        var diskNumber = 0;
        foreach (var drive in package.Drives)
        {
            var resource = drive.DiskId is not null ? OvfNames.DiskResourcePrefix + drive.DiskId : OvfNames.FileResourcePrefix + drive.FileId;
            items.Add(Item(ovf, ("AddressOnParent", drive.AddressOnParent is { } address ? Text(address) : null),
                ("ElementName", drive.IsCdrom ? "CD-ROM 1" : $"Hard Disk {++diskNumber}"), ("HostResource", resource), ("InstanceID", Next()),
                ("Parent", drive.ControllerId is null ? null : controllerIds.GetValueOrDefault(drive.ControllerId)),
                ("ResourceType", Text(drive.IsCdrom ? ResourceTypes.CdDrive : ResourceTypes.DiskDrive))));
        }

        var nicNumber = 0;
        foreach (var nic in package.Nics)
        {
            nicNumber++;
            items.Add(Item(ovf, ("AddressOnParent", Text(nicNumber + 6)), ("AutomaticAllocation", "true"), ("Connection", nic.Connection ?? NetworkName),
                ("Description", $"{nic.SubType} ethernet adapter on \"{nic.Connection ?? NetworkName}\""), ("ElementName", $"Ethernet {nicNumber}"),
                ("InstanceID", Next()), ("ResourceSubType", nic.SubType), ("ResourceType", Text(ResourceTypes.EthernetAdapter))));
        }

        var hardware = new XElement(ovf + "VirtualHardwareSection",
            new XElement(ovf + "Info", "Virtual hardware requirements"),
            new XElement(ovf + "System",
                new XElement(OvfNames.Vssd + "ElementName", "Virtual Hardware Family"),
                new XElement(OvfNames.Vssd + "InstanceID", "0"),
                new XElement(OvfNames.Vssd + "VirtualSystemIdentifier", package.Name),
                new XElement(OvfNames.Vssd + "VirtualSystemType", "vmx-10 virtualbox-2.2")),
            items,
            efi
                ? new XElement(OvfNames.Vmw + "Config", new XAttribute(ovf + "required", "false"), new XAttribute(OvfNames.Vmw + "key", "firmware"), new XAttribute(OvfNames.Vmw + "value", "efi"))
                : null);

        var envelope = new XElement(ovf + "Envelope",
            new XAttribute(XNamespace.Xmlns + "ovf", ovf.NamespaceName),
            new XAttribute("xmlns", ovf.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "rasd", OvfNames.Rasd.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "vssd", OvfNames.Vssd.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "vmw", OvfNames.Vmw.NamespaceName),
            efi ? new XAttribute(XNamespace.Xmlns + "vbox", OvfNames.Vbox.NamespaceName) : null,
            new XAttribute(XNamespace.Xmlns + "va", OvfNames.Appliance.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xsi", OvfNames.Xsi.NamespaceName),
            new XAttribute(ovf + "version", package.Version >= 2 ? "2.0" : "1.0"),
            new XElement(ovf + "References", package.Files.Select(f => new XElement(ovf + "File",
                new XAttribute(ovf + "href", f.Href), new XAttribute(ovf + "id", f.Id), f.Size is { } size ? new XAttribute(ovf + "size", size) : null))),
            new XElement(ovf + "DiskSection",
                new XElement(ovf + "Info", "Virtual disk information"),
                package.Disks.Select(d => new XElement(ovf + "Disk",
                    d.Capacity is { } capacity ? new XAttribute(ovf + "capacity", capacity) : null,
                    new XAttribute(ovf + "capacityAllocationUnits", "byte"),
                    new XAttribute(ovf + "diskId", d.DiskId),
                    d.FileRef is null ? null : new XAttribute(ovf + "fileRef", d.FileRef),
                    d.Format is null ? null : new XAttribute(ovf + "format", d.Format),
                    d.PopulatedSize is { } populated ? new XAttribute(ovf + "populatedSize", populated) : null,
                    efi ? new XAttribute(OvfNames.Vbox + "uuid", VirtualBoxMachine.DiskUuid(package, d.DiskId)) : null))),
            new XElement(ovf + "NetworkSection",
                new XElement(ovf + "Info", "The logical networks"),
                new XElement(ovf + "Network", new XAttribute(ovf + "name", NetworkName), new XElement(ovf + "Description", "The network the appliance's cards connect to"))),
            new XElement(ovf + "VirtualSystem", new XAttribute(ovf + "id", package.Name),
                new XElement(ovf + "Info", "A virtual machine"),
                new XElement(ovf + "Name", package.Name),
                new XElement(ovf + "ProductSection",
                    new XElement(ovf + "Info", "Information about the installed software"),
                    Optional(ovf + "Product", package.Product),
                    Optional(ovf + "Vendor", package.Vendor),
                    Optional(ovf + "Version", package.ProductVersion),
                    Optional(ovf + "FullVersion", package.FullVersion),
                    Optional(ovf + "ProductUrl", package.ProductUrl)),
                package.Annotation is null ? null : new XElement(ovf + "AnnotationSection", new XElement(ovf + "Info", "A description"), new XElement(ovf + "Annotation", package.Annotation)),
                new XElement(ovf + "OperatingSystemSection",
                    new XAttribute(ovf + "id", package.OsId ?? OvfOperatingSystems.OtherLinux64),
                    package.OsType is null ? null : new XAttribute(OvfNames.Vmw + "osType", package.OsType),
                    new XElement(ovf + "Info", "The kind of installed guest operating system"),
                    Optional(ovf + "Description", package.OsDescription)),
                hardware,
                efi ? VirtualBoxMachine.Section(ovf, package) : null,
                package.Appliance is { } appliance ? ApplianceSection(ovf, appliance) : null));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), envelope);
    }

    private static XElement ApplianceSection(XNamespace ovf, OvfApplianceVariant appliance) =>
        new(OvfNames.Appliance + "VariantSection",
            new XAttribute(ovf + "required", "false"),
            appliance.Id is null ? null : new XAttribute("id", appliance.Id),
            appliance.DiskBus is null ? null : new XAttribute("disk-bus", appliance.DiskBus),
            appliance.Machine is null ? null : new XAttribute("machine", appliance.Machine),
            new XElement(ovf + "Info", "The appliance variant as virt-appliance describes it (drive targets and bus)"),
            appliance.Targets.Select(t => new XElement(OvfNames.Appliance + "Drive", new XAttribute("disk", t.Key), new XAttribute("target", t.Value))));

    private static string ControllerName(OvfController controller) => controller.ResourceType switch
    {
        ResourceTypes.IdeController => "IDE",
        ResourceTypes.ScsiController => "SCSI",
        _ => "SATA",
    };

    private static XElement Item(XNamespace ovf, params (string Name, string? Value)[] fields) =>
        new(ovf + "Item", fields.Where(f => f.Value is not null).OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => new XElement(OvfNames.Rasd + f.Name, f.Value)));

    private static XElement? Optional(XName name, string? value) => value is null ? null : new XElement(name, value);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
