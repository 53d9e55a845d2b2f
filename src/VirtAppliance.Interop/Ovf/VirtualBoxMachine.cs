using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace VirtAppliance.Interop.Ovf;

/// <summary>
/// VirtualBox's own section (vbox:Machine, a machine configuration in its settings format) for an EFI variant:
/// VirtualBox takes the firmware only from there, and imports everything else from the same section once it is
/// present, so it mirrors the hardware items: CPUs, memory, EFI, boot order, the controllers with their disks (matched
/// by the vbox:uuid of each DiskSection disk) and the network cards. Identifiers are derived from the package, so an
/// export is reproducible.
/// </summary>
public static class VirtualBoxMachine
{
    /// <summary>The settings format version of VirtualBox 6.1, which VirtualBox 6.1 and 7.x read.</summary>
    public const string SettingsVersion = "1.16-linux";

    /// <summary>VirtualBox's generic 64-bit Linux guest type.</summary>
    public const string OsType = "Linux_64";

    /// <summary>The uuid VirtualBox knows a disk of the package by (vbox:uuid on DiskSection/Disk).</summary>
    public static string DiskUuid(OvfPackage package, string diskId) => DerivedUuid($"{package.Name}/disk/{diskId}");

    public static XElement Section(XNamespace ovf, OvfPackage package)
    {
        var vbox = OvfNames.Vbox;
        var controllers = package.Controllers.Select(controller => new XElement(vbox + "StorageController",
            new XAttribute("name", ControllerName(controller)),
            new XAttribute("type", ControllerType(controller)),
            new XAttribute("PortCount", Text(controller.ResourceType == ResourceTypes.IdeController ? 2 : Math.Max(1, package.Drives.Count(d => d.ControllerId == controller.InstanceId)))),
            new XAttribute("useHostIOCache", controller.ResourceType == ResourceTypes.IdeController ? "true" : "false"),
            new XAttribute("Bootable", "true"),
            package.Drives.Where(d => d.ControllerId == controller.InstanceId && !d.IsCdrom && d.DiskId is not null).Select(drive => Attachment(vbox, package, controller, drive))));
        var nics = package.Nics.Select((nic, slot) => new XElement(vbox + "Adapter",
            new XAttribute("slot", Text(slot)),
            new XAttribute("enabled", "true"),
            new XAttribute("MACAddress", MacAddress(package, slot)),
            new XAttribute("type", AdapterType(nic.SubType)),
            new XElement(vbox + "NAT")));
        return new XElement(vbox + "Machine",
            new XAttribute(ovf + "required", "false"),
            new XAttribute("version", SettingsVersion),
            new XAttribute("uuid", "{" + DerivedUuid($"{package.Name}/machine") + "}"),
            new XAttribute("name", package.Name),
            new XAttribute("OSType", OsType),
            new XElement(ovf + "Info", "Complete VirtualBox machine configuration in VirtualBox format"),
            new XElement(vbox + "Hardware",
                new XElement(vbox + "CPU", new XAttribute("count", Text(package.Vcpus)),
                    new XElement(vbox + "PAE", new XAttribute("enabled", "true")),
                    new XElement(vbox + "LongMode", new XAttribute("enabled", "true")),
                    new XElement(vbox + "X2APIC", new XAttribute("enabled", "true"))),
                new XElement(vbox + "Memory", new XAttribute("RAMSize", Text(package.MemoryMiB))),
                new XElement(vbox + "Firmware", new XAttribute("type", "EFI")),
                new XElement(vbox + "Boot",
                    new XElement(vbox + "Order", new XAttribute("position", "1"), new XAttribute("device", "HardDisk")),
                    new XElement(vbox + "Order", new XAttribute("position", "2"), new XAttribute("device", "DVD")),
                    new XElement(vbox + "Order", new XAttribute("position", "3"), new XAttribute("device", "None")),
                    new XElement(vbox + "Order", new XAttribute("position", "4"), new XAttribute("device", "None"))),
                new XElement(vbox + "BIOS", new XElement(vbox + "IOAPIC", new XAttribute("enabled", "true"))),
                new XElement(vbox + "Network", nics),
                new XElement(vbox + "StorageControllers", controllers)));
    }

    /// <summary>IDE drives sit at port 0/1 (primary/secondary), device 0/1 (master/slave); SATA and SCSI drives at one port each.</summary>
    private static XElement Attachment(XNamespace vbox, OvfPackage package, OvfController controller, OvfDrive drive)
    {
        var address = drive.AddressOnParent ?? 0;
        var (port, device) = controller.ResourceType == ResourceTypes.IdeController ? (address / 2, address % 2) : (address, 0);
        return new XElement(vbox + "AttachedDevice",
            new XAttribute("type", "HardDisk"),
            new XAttribute("hotpluggable", "false"),
            new XAttribute("port", Text(port)),
            new XAttribute("device", Text(device)),
            new XElement(vbox + "Image", new XAttribute("uuid", "{" + DiskUuid(package, drive.DiskId!) + "}")));
    }

    private static string ControllerName(OvfController controller) => controller.ResourceType switch
    {
        ResourceTypes.IdeController => "IDE Controller",
        ResourceTypes.ScsiController => "SCSI Controller",
        _ => "SATA Controller",
    };

    private static string ControllerType(OvfController controller) => controller.ResourceType switch
    {
        ResourceTypes.IdeController => "PIIX4",
        ResourceTypes.ScsiController => "LsiLogic",
        _ => "AHCI",
    };

    private static string AdapterType(string? subType) => subType?.ToUpperInvariant() switch
    {
        "VIRTIO" => "virtio",
        "PCNET32" => "Am79C970A",
        _ => "82540EM",
    };

    /// <summary>A MAC in VirtualBox's range (08:00:27), twelve hex digits without separators as its settings write them.</summary>
    private static string MacAddress(OvfPackage package, int slot)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{package.Name}/nic/{slot}"));
        return "080027" + Convert.ToHexString(hash, 0, 3);
    }

    private static string DerivedUuid(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("virt-appliance/vbox/" + text)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
