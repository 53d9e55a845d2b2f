using System.Globalization;
using System.Xml.Linq;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Descriptors.Writing;

/// <summary>Writes a descriptor back as XML: schema 1 (plain virt-image) unless it uses schema 2 features.</summary>
public static class DescriptorWriter
{
    /// <summary>The descriptor as virt-image XML text (schema 2 where it uses schema 2 features).</summary>
    public static string ToXml(ApplianceDescriptor descriptor) =>
        new XDocument(ToElement(descriptor)).ToString() + Environment.NewLine;

    /// <summary>The descriptor as an <c>image</c> element.</summary>
    public static XElement ToElement(ApplianceDescriptor descriptor)
    {
        var extended = descriptor.SchemaVersion >= 2 || UsesExtensions(descriptor);
        return new XElement("image",
            extended ? new XAttribute("schema", "2") : null,
            new XElement("name", descriptor.Name,
                descriptor.Version is null ? null : new XAttribute("version", descriptor.Version),
                descriptor.Release is null ? null : new XAttribute("release", descriptor.Release)),
            descriptor.Label is null ? null : new XElement("label", descriptor.Label),
            descriptor.Description is null ? null : new XElement("description", descriptor.Description),
            descriptor.Product is null ? null : new XElement("product",
                Attribute("vendor", descriptor.Product.Vendor), Attribute("version", descriptor.Product.Version), Attribute("url", descriptor.Product.Url)),
            new XElement("domain",
                descriptor.Boots.Select(boot => Boot(boot, extended)),
                Devices(descriptor.Devices)),
            new XElement("storage", descriptor.Disks.Select(Disk)));
    }

    private static bool UsesExtensions(ApplianceDescriptor descriptor) =>
        descriptor.Product is not null ||
        descriptor.Boots.Any(b => b.Preference != 0 || b.Install is not null || b.Requirements != new VariantRequirements() || b.Id != $"boot{b.Index}") ||
        descriptor.Disks.Any(d => d.Checksums.ContainsKey("sha512") || (d.SizeBytes is { } size && size % (1 << 20) != 0)) ||
        descriptor.Devices.Interfaces.Any(i => i.Model is not null || i.Forwards.Count > 0);

    private static XElement Boot(BootVariant boot, bool extended) =>
        new("boot",
            new XAttribute("type", boot.Type == BootType.Xen ? "xen" : "hvm"),
            extended ? new XAttribute("id", boot.Id) : null,
            boot.Preference != 0 ? new XAttribute("preference", boot.Preference) : null,
            new XElement("guest",
                new XElement("arch", boot.Arch),
                boot.Pae == FeatureState.Unspecified && boot.Acpi == FeatureState.Unspecified && boot.Apic == FeatureState.Unspecified
                    ? null
                    : new XElement("features", Feature("pae", boot.Pae), Feature("acpi", boot.Acpi), Feature("apic", boot.Apic))),
            Os(boot.Os),
            boot.Drives.Select(d => new XElement("drive", new XAttribute("disk", d.Disk), Attribute("target", d.Target))),
            Requirements(boot.Requirements),
            boot.Install is null ? null : new XElement("install",
                Element("kernel", boot.Install.Kernel), Element("initrd", boot.Install.Initrd), Element("cmdline", boot.Install.Cmdline),
                boot.Install.Iso is null ? null : new XElement("iso", new XAttribute("disk", boot.Install.Iso))));

    private static XElement? Os(OsBoot os)
    {
        if (os == new OsBoot())
        {
            return null;
        }

        return new XElement("os",
            os.LoaderDevice is not null ? new XElement("loader", new XAttribute("dev", os.LoaderDevice)) : Element("loader", os.Loader),
            Element("kernel", os.Kernel), Element("initrd", os.Initrd), Element("cmdline", os.Cmdline));
    }

    private static XElement? Requirements(VariantRequirements requirements)
    {
        if (requirements == new VariantRequirements())
        {
            return null;
        }

        return new XElement("requirements",
            Element("firmware", requirements.Firmware),
            requirements.MinMemoryMiB is { } memory ? new XElement("memory", new XAttribute("unit", "MiB"), memory) : null,
            requirements.MinVcpus is { } vcpus ? new XElement("vcpus", vcpus) : null,
            requirements.AcceleratorRequired ? new XElement("accelerator", new XAttribute("required", "yes")) : null,
            requirements.CpuFeatures.Count > 0 ? new XElement("cpu", requirements.CpuFeatures.Select(f => new XElement("feature", new XAttribute("name", f)))) : null,
            Element("disk-bus", requirements.DiskBus),
            Element("machine", requirements.Machine));
    }

    private static XElement Devices(DeviceSettings devices) =>
        new("devices",
            new XElement("vcpu", Attribute("max", devices.MaxVcpus?.ToString(CultureInfo.InvariantCulture)), devices.Vcpus),
            new XElement("memory", Attribute("max", devices.MaxMemoryKiB?.ToString(CultureInfo.InvariantCulture)), devices.MemoryKiB),
            devices.Interfaces.Select(i => new XElement("interface", Attribute("model", i.Model),
                i.Forwards.Select(f => new XElement("forward", new XAttribute("name", f.Name), new XAttribute("guest", f.GuestPort),
                    f.HostPort is { } host ? new XAttribute("host", host) : null, new XAttribute("protocol", f.Protocol))))),
            devices.Graphics ? new XElement("graphics") : null,
            devices.Normalize ? new XElement("normalize") : null,
            devices.HotplugDisks + devices.HotplugInterfaces == 0 ? null
                : new XElement("hotplug", new XAttribute("disks", devices.HotplugDisks), new XAttribute("interfaces", devices.HotplugInterfaces)));

    private static XElement Disk(DiskDefinition disk) =>
        new("disk",
            disk.Id != disk.File ? new XAttribute("id", disk.Id) : null,
            new XAttribute("file", disk.File),
            new XAttribute("use", DiskUseNames.Name(disk.Use)),
            disk.SizeBytes is { } size ? new XAttribute("size", ((size + (1 << 20) - 1) >> 20).ToString(CultureInfo.InvariantCulture)) : null,
            disk.SizeBytes is { } bytes && bytes % (1 << 20) != 0 ? new XAttribute("size-bytes", bytes) : null,
            new XAttribute("format", disk.Format),
            disk.Checksums.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new XElement("checksum", new XAttribute("type", c.Key), c.Value)));

    private static XElement? Feature(string name, FeatureState state) => state switch
    {
        FeatureState.On => new XElement(name),
        FeatureState.Off => new XElement(name, new XAttribute("state", "off")),
        _ => null,
    };

    private static XElement? Element(string name, string? value) => value is null ? null : new XElement(name, value);

    private static XAttribute? Attribute(string name, string? value) => value is null ? null : new XAttribute(name, value);
}
