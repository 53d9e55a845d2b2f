using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using VirtAppliance.Descriptors.Reading;

namespace VirtAppliance.Interop.Ovf;

/// <summary>
/// Reads an OVF 1.x or 2.x envelope as VMware, VirtualBox, virt-v2v and this toolkit write them: no DTD (so no
/// entities), bounded size and depth. Maps the first virtual system; what it does not map is listed.
/// </summary>
public static class OvfReader
{
    /// <summary>Envelopes are tens of kilobytes; one of several megabytes is not one.</summary>
    public const int MaxCharacters = 8 << 20;

    public static OvfPackage Read(string path) => Parse(File.ReadAllBytes(path), Path.GetFileName(path));

    public static OvfPackage Parse(byte[] content, string name)
    {
        var document = Load(content, name);
        var root = document.Root!;
        var ovf = root.Name.Namespace;
        if (root.Name.LocalName != "Envelope" || (ovf != OvfNames.Envelope1 && ovf != OvfNames.Envelope2))
        {
            throw new InvalidDataException($"{name}: not an OVF envelope (root <{root.Name.LocalName}> in '{ovf.NamespaceName}'; expected <Envelope> of {OvfNames.Envelope1.NamespaceName} or /2)");
        }

        var unmapped = new List<string>();
        var files = root.Element(ovf + "References")?.Elements(ovf + "File").Select(f => ReferencedFile(f, ovf, name)).ToList() ?? [];
        var disks = root.Elements(ovf + "DiskSection").Elements(ovf + "Disk").Select(d => Disk(d, ovf, name)).ToList();
        foreach (var duplicate in files.GroupBy(f => f.Id).Where(g => g.Count() > 1))
        {
            throw new InvalidDataException($"{name}: References lists the file id '{duplicate.Key}' twice");
        }

        var system = root.Element(ovf + "VirtualSystem");
        if (system is null && root.Element(ovf + "VirtualSystemCollection") is { } collection)
        {
            system = collection.Descendants(ovf + "VirtualSystem").FirstOrDefault();
            unmapped.Add("a VirtualSystemCollection: only its first virtual system is imported");
        }

        if (system is null)
        {
            throw new InvalidDataException($"{name}: the envelope has no VirtualSystem");
        }

        var product = system.Element(ovf + "ProductSection");
        var os = system.Element(ovf + "OperatingSystemSection");
        var hardware = system.Element(ovf + "VirtualHardwareSection") ?? throw new InvalidDataException($"{name}: the virtual system has no VirtualHardwareSection");
        var package = new OvfPackage
        {
            Version = ovf == OvfNames.Envelope2 ? 2 : 1,
            Name = (string?)system.Element(ovf + "Name") ?? (string?)system.Attribute(ovf + "id") ?? Path.GetFileNameWithoutExtension(name),
            Product = Text(product, ovf + "Product"),
            ProductVersion = Text(product, ovf + "Version"),
            FullVersion = Text(product, ovf + "FullVersion"),
            Vendor = Text(product, ovf + "Vendor"),
            ProductUrl = Text(product, ovf + "ProductUrl"),
            Annotation = Text(system.Element(ovf + "AnnotationSection"), ovf + "Annotation"),
            OsId = int.TryParse((string?)os?.Attribute(ovf + "id"), NumberStyles.None, CultureInfo.InvariantCulture, out var osId) ? osId : null,
            OsType = (string?)os?.Attribute(OvfNames.Vmw + "osType"),
            OsDescription = Text(os, ovf + "Description"),
            Files = files,
            Disks = disks,
            Appliance = ApplianceVariant(system),
        };
        return Hardware(package, hardware, ovf, name, unmapped) with { Unmapped = unmapped };
    }

    private static OvfPackage Hardware(OvfPackage package, XElement hardware, XNamespace ovf, string name, List<string> unmapped)
    {
        var vcpus = 1;
        long memoryMiB = 256;
        var controllers = new List<OvfController>();
        var drives = new List<OvfDrive>();
        var nics = new List<OvfNic>();
        var firmware = "bios";
        // OVF 2 also has StorageItem (sasd) and EthernetPortItem (epasd), with the same field names.
        foreach (var item in hardware.Elements().Where(e => e.Name.LocalName is "Item" or "StorageItem" or "EthernetPortItem"))
        {
            string? Field(string field) => item.Elements().FirstOrDefault(e => e.Name.LocalName == field)?.Value.Trim();
            var instance = Field("InstanceID") ?? "";
            if (!int.TryParse(Field("ResourceType"), NumberStyles.None, CultureInfo.InvariantCulture, out var type))
            {
                unmapped.Add($"a hardware item without a ResourceType ({Field("ElementName") ?? instance})");
                continue;
            }

            switch (type)
            {
                case ResourceTypes.Processor:
                    vcpus = (int)Math.Clamp(Quantity(Field("VirtualQuantity"), 1, $"{name}: the CPU item's VirtualQuantity"), 1, 4096);
                    break;
                case ResourceTypes.Memory:
                    var bytes = AllocationUnits.Bytes(Field("VirtualQuantity") ?? "0", Field("AllocationUnits"), 1L << 20, $"{name}: the memory item's VirtualQuantity");
                    memoryMiB = Math.Max(1, bytes >> 20);
                    break;
                case ResourceTypes.IdeController or ResourceTypes.ScsiController or ResourceTypes.OtherStorage:
                    controllers.Add(new OvfController(instance, type, Field("ResourceSubType")));
                    break;
                case ResourceTypes.DiskDrive or ResourceTypes.CdDrive or ResourceTypes.DvdDrive:
                    var resource = Field("HostResource");
                    var diskId = resource is not null && resource.StartsWith(OvfNames.DiskResourcePrefix, StringComparison.Ordinal) ? resource[OvfNames.DiskResourcePrefix.Length..]
                        : resource is not null && resource.StartsWith("/disk/", StringComparison.Ordinal) ? resource["/disk/".Length..] : null;
                    var fileId = resource is not null && resource.StartsWith(OvfNames.FileResourcePrefix, StringComparison.Ordinal) ? resource[OvfNames.FileResourcePrefix.Length..] : null;
                    var address = int.TryParse(Field("AddressOnParent"), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : (int?)null;
                    if (diskId is null && fileId is null)
                    {
                        if (type == ResourceTypes.DiskDrive)
                        {
                            unmapped.Add($"a disk drive without a disk ({Field("ElementName") ?? instance})");
                        }

                        break;
                    }

                    drives.Add(new OvfDrive(diskId, fileId, Field("Parent"), address, type != ResourceTypes.DiskDrive));
                    break;
                case ResourceTypes.EthernetAdapter:
                    nics.Add(new OvfNic(Field("ResourceSubType"), Field("Connection")));
                    break;
                default:
                    unmapped.Add($"{Field("ElementName") ?? $"an item of ResourceType {type}"} (ResourceType {type})");
                    break;
            }
        }

        foreach (var config in hardware.Elements(OvfNames.Vmw + "Config"))
        {
            if ((string?)config.Attribute(OvfNames.Vmw + "key") == "firmware")
            {
                firmware = string.Equals((string?)config.Attribute(OvfNames.Vmw + "value"), "efi", StringComparison.OrdinalIgnoreCase) ? "efi" : "bios";
            }
        }

        if (hardware.Parent?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Firmware" && e.Name.Namespace != OvfNames.Vmw) is { } vbox
            && string.Equals((string?)vbox.Attribute("type"), "EFI", StringComparison.OrdinalIgnoreCase))
        {
            firmware = "efi";
        }

        foreach (var drive in drives.Where(d => d.DiskId is not null && package.FindDisk(d.DiskId) is null))
        {
            throw new InvalidDataException($"{name}: a disk drive names ovf:/disk/{drive.DiskId}, which the DiskSection does not list");
        }

        return package with { Vcpus = vcpus, MemoryMiB = memoryMiB, Firmware = firmware, Controllers = controllers, Drives = drives, Nics = nics };
    }

    private static OvfFile ReferencedFile(XElement file, XNamespace ovf, string name)
    {
        var id = (string?)file.Attribute(ovf + "id") ?? throw new InvalidDataException($"{name}: a References/File has no ovf:id");
        var href = (string?)file.Attribute(ovf + "href") ?? throw new InvalidDataException($"{name}: the file '{id}' has no ovf:href");
        if (file.Attribute(ovf + "compression") is { } compression && (string)compression != "identity")
        {
            throw new NotSupportedException($"{name}: the file '{href}' is {(string)compression}-compressed, which import does not read; unpack the package with ovftool first");
        }

        if (file.Attribute(ovf + "chunkSize") is not null)
        {
            throw new NotSupportedException($"{name}: the file '{href}' is split into chunks, which import does not read");
        }

        long? size = file.Attribute(ovf + "size") is { } sizeText ? AllocationUnits.Bytes((string)sizeText, null, 1, $"{name}: the size of '{href}'") : null;
        return new OvfFile(id, SafeHref(href, name), size);
    }

    private static OvfDisk Disk(XElement disk, XNamespace ovf, string name)
    {
        var id = (string?)disk.Attribute(ovf + "diskId") ?? throw new InvalidDataException($"{name}: a DiskSection/Disk has no ovf:diskId");
        long? capacity = disk.Attribute(ovf + "capacity") is { } text
            ? AllocationUnits.Bytes((string)text, (string?)disk.Attribute(ovf + "capacityAllocationUnits"), 1, $"{name}: the capacity of disk '{id}'")
            : null;
        long? populated = disk.Attribute(ovf + "populatedSize") is { } p && long.TryParse((string)p, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        return new OvfDisk(id, (string?)disk.Attribute(ovf + "fileRef"), capacity, (string?)disk.Attribute(ovf + "format"), populated);
    }

    private static OvfApplianceVariant? ApplianceVariant(XElement system)
    {
        if (system.Element(OvfNames.Appliance + "VariantSection") is not { } section)
        {
            return null;
        }

        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var drive in section.Elements(OvfNames.Appliance + "Drive"))
        {
            if ((string?)drive.Attribute("disk") is { } disk && (string?)drive.Attribute("target") is { } target)
            {
                targets[disk] = target;
            }
        }

        return new OvfApplianceVariant((string?)section.Attribute("id"), (string?)section.Attribute("disk-bus"), (string?)section.Attribute("machine"), targets);
    }

    /// <summary>A file beside the envelope: no folder, no parent, no URL (a package that reaches elsewhere is refused).</summary>
    private static string SafeHref(string href, string name)
    {
        if (href.Length == 0 || href.Length > 255 || href.Contains('/') || href.Contains('\\') || href.Contains(':') || href is "." or ".." || href.Any(char.IsControl))
        {
            throw new InvalidDataException($"{name}: the file reference '{(href.Length > 80 ? href[..80] + "…" : href)}' is not a plain file name beside the envelope (folders, '..' and URLs are refused)");
        }

        return href;
    }

    private static long Quantity(string? text, long fallback, string field) =>
        text is null ? fallback : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new InvalidDataException($"{field} is not a whole number");

    private static string? Text(XElement? section, XName element) => section?.Element(element)?.Value.Trim() is { Length: > 0 } text ? text : null;

    private static XDocument Load(byte[] content, string name)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using (var check = XmlReader.Create(new MemoryStream(content), settings))
            {
                if (XmlNesting.Check(check, "OVF envelopes") is { } deep)
                {
                    throw new InvalidDataException($"{name}:{deep.Line}:{deep.Column}: {deep.Problem}");
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(content), settings);
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException error)
        {
            throw new InvalidDataException($"{name}:{error.LineNumber}:{error.LinePosition}: {error.Message}", error);
        }
    }
}
