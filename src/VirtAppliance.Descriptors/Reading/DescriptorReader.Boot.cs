using System.Xml.Linq;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Descriptors.Reading;

public static partial class DescriptorReader
{
    private static List<BootVariant> ParseBoots(XElement domain, IReadOnlyList<DiskDefinition> disks, ParseContext context)
    {
        var boots = new List<BootVariant>();
        var elements = domain.Elements("boot").ToList();
        if (elements.Count == 0)
        {
            context.Error(domain, "<domain> has no <boot>; an appliance needs at least one boot variant");
        }

        var ids = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            var index = boots.Count;
            var boot = ParseBoot(element, index, disks, context);
            if (boot is null)
            {
                continue;
            }

            if (!ids.TryAdd(boot.Id, element))
            {
                context.Error(element.Attribute("id") ?? (XObject)element, $"boot id '{boot.Id}' is used twice; variant ids must be unique");
            }

            boots.Add(boot);
        }

        WarnUnknownChildren(domain, context, "boot", "devices");
        return boots;
    }

    private static BootVariant? ParseBoot(XElement element, int index, IReadOnlyList<DiskDefinition> disks, ParseContext context)
    {
        var typeText = element.Attribute("type")?.Value;
        BootType? type = typeText switch
        {
            "hvm" => BootType.Hvm,
            "xen" or "linux" => BootType.Xen,
            null => null,
            _ => null,
        };
        if (type is null)
        {
            context.Error(element, typeText is null
                ? "<boot> needs type=\"hvm\" or type=\"xen\""
                : $"boot type '{typeText}' is not known; use hvm (full virtualization) or xen (Xen paravirtual)");
        }

        var guest = element.Element("guest");
        var archText = guest?.Element("arch")?.Value.Trim();
        if (string.IsNullOrEmpty(archText))
        {
            context.Error(guest ?? element, "<boot> needs <guest><arch>, the guest architecture (i686, x86_64, aarch64...)");
        }

        var features = guest?.Element("features");
        var id = element.Attribute("id")?.Value ?? $"boot{index}";
        var drives = ParseDrives(element, disks, context);
        var os = ParseOs(element.Element("os"), context);
        var install = ParseInstall(element.Element("install"), disks, context);
        WarnUnknownChildren(element, context, "guest", "os", "drive", "requirements", "install");
        if (type is null || string.IsNullOrEmpty(archText))
        {
            return null;
        }

        return new BootVariant
        {
            Index = index,
            Id = id,
            Preference = context.Integer(element, element.Attribute("preference")?.Value, "preference", -1000, 1000) ?? 0,
            Type = type.Value,
            Arch = ArchNames.Normalize(archText),
            Pae = Feature(features, "pae", context),
            Acpi = Feature(features, "acpi", context),
            Apic = Feature(features, "apic", context),
            Os = os,
            Drives = drives,
            Requirements = ParseRequirements(element.Element("requirements"), context),
            Install = install,
        };
    }

    /// <summary>Feature present → its state (default on); absent → unspecified.</summary>
    private static FeatureState Feature(XElement? features, string name, ParseContext context)
    {
        var element = features?.Element(name);
        if (element is null)
        {
            return FeatureState.Unspecified;
        }

        return element.Attribute("state")?.Value switch
        {
            null or "on" => FeatureState.On,
            "off" => FeatureState.Off,
            var other => Invalid(element, $"feature {name} state '{other}' must be on or off", context),
        };
    }

    private static FeatureState Invalid(XElement at, string message, ParseContext context)
    {
        context.Error(at, message);
        return FeatureState.Unspecified;
    }

    /// <summary>Disk ids an error about a missing one lists (the message stays short however many there are).</summary>
    private const int KnownDisksNamed = 10;

    private static List<DriveMapping> ParseDrives(XElement boot, IReadOnlyList<DiskDefinition> disks, ParseContext context)
    {
        var drives = new List<DriveMapping>();
        var known = disks.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var drive in boot.Elements("drive"))
        {
            var disk = drive.Attribute("disk")?.Value;
            if (disk is null)
            {
                context.Error(drive, "<drive> needs disk=\"ID\", the id of a disk in <storage>");
                continue;
            }

            if (!known.Contains(disk))
            {
                var listed = string.Join(", ", disks.Take(KnownDisksNamed).Select(d => d.Id)) + (disks.Count > KnownDisksNamed ? $" and {disks.Count - KnownDisksNamed} more" : "");
                context.Error(drive, $"<drive> names disk '{disk}', which is not in <storage>; known disks: {listed}");
            }

            drives.Add(new DriveMapping(disk, drive.Attribute("target")?.Value));
        }

        if (drives.Count == 0)
        {
            context.Error(boot, "<boot> maps no <drive>; a variant needs at least one disk");
        }

        return drives;
    }

    private static OsBoot ParseOs(XElement? os, ParseContext context)
    {
        if (os is null)
        {
            return new OsBoot();
        }

        var loader = os.Element("loader");
        var result = new OsBoot
        {
            LoaderDevice = loader?.Attribute("dev")?.Value,
            Loader = loader is not null && loader.Attribute("dev") is null && !string.IsNullOrWhiteSpace(loader.Value) ? loader.Value.Trim() : null,
            Kernel = context.RelativePath(os.Element("kernel") ?? (XObject)os, context.Text(os, "kernel"), "kernel path"),
            Initrd = context.RelativePath(os.Element("initrd") ?? (XObject)os, context.Text(os, "initrd"), "initrd path"),
            Cmdline = context.Text(os, "cmdline"),
        };
        if (result.LoaderDevice is not null and not ("hd" or "cdrom"))
        {
            context.Error(loader, $"loader dev '{result.LoaderDevice}' must be hd or cdrom");
        }

        if (result.Kernel is not null && (result.LoaderDevice is not null || result.Loader is not null))
        {
            context.Error(os, "<os> has both a loader and a kernel; give one way to boot");
        }

        WarnUnknownChildren(os, context, "loader", "kernel", "initrd", "cmdline");
        return result;
    }

    private static VariantRequirements ParseRequirements(XElement? element, ParseContext context)
    {
        if (element is null)
        {
            return new VariantRequirements();
        }

        var firmware = context.Text(element, "firmware");
        if (firmware is not null and not ("bios" or "efi"))
        {
            context.Error(element.Element("firmware"), $"firmware '{firmware}' must be bios or efi");
        }

        var memory = element.Element("memory");
        var accelerator = element.Element("accelerator");
        WarnUnknownChildren(element, context, "firmware", "memory", "vcpus", "accelerator", "cpu", "disk-bus", "machine");
        return new VariantRequirements
        {
            Firmware = firmware,
            MinMemoryMiB = memory is null ? null : MemoryMiB(memory, context),
            MinVcpus = context.Integer(element, context.Text(element, "vcpus"), "minimum vcpus", 1, 4096),
            AcceleratorRequired = accelerator?.Attribute("required")?.Value is "yes" or "true",
            CpuFeatures = element.Element("cpu")?.Elements("feature").Select(f => f.Attribute("name")?.Value).OfType<string>().ToList() ?? [],
            DiskBus = context.Text(element, "disk-bus"),
            Machine = context.Text(element, "machine"),
        };
    }

    private static long? MemoryMiB(XElement memory, ParseContext context)
    {
        var value = context.Long(memory, memory.Value.Trim(), "minimum memory", 1, long.MaxValue / 1024);
        return (memory.Attribute("unit")?.Value ?? "MiB") switch
        {
            "MiB" or "M" => value,
            "GiB" or "G" => value * 1024,
            "KiB" or "K" => value / 1024,
            var unit => Unknown(memory, unit, context),
        };
    }

    private static long? Unknown(XElement at, string unit, ParseContext context)
    {
        context.Error(at, $"memory unit '{unit}' must be KiB, MiB or GiB");
        return null;
    }

    private static InstallPhase? ParseInstall(XElement? element, IReadOnlyList<DiskDefinition> disks, ParseContext context)
    {
        if (element is null)
        {
            return null;
        }

        var iso = element.Element("iso")?.Attribute("disk")?.Value;
        if (iso is not null && disks.All(d => d.Id != iso))
        {
            context.Error(element.Element("iso"), $"<install><iso> names disk '{iso}', which is not in <storage>");
        }

        var install = new InstallPhase
        {
            Kernel = context.RelativePath(element, context.Text(element, "kernel"), "install kernel path"),
            Initrd = context.RelativePath(element, context.Text(element, "initrd"), "install initrd path"),
            Cmdline = context.Text(element, "cmdline"),
            Iso = iso,
        };
        if (install.Kernel is null && install.Iso is null)
        {
            context.Error(element, "<install> needs a <kernel> (with optional <initrd> and <cmdline>) or an <iso disk=\"ID\"/>");
        }

        WarnUnknownChildren(element, context, "kernel", "initrd", "cmdline", "iso");
        return install;
    }
}
