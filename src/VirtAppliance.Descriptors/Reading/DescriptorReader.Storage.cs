using System.Xml.Linq;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Descriptors.Reading;

public static partial class DescriptorReader
{
    private static readonly Dictionary<string, int> ChecksumHexLengths = new(StringComparer.Ordinal)
    {
        ["sha1"] = 40,
        ["sha256"] = 64,
        ["sha512"] = 128,
    };

    private static List<DiskDefinition> ParseStorage(XElement root, ParseContext context)
    {
        var disks = new List<DiskDefinition>();
        var storage = root.Element("storage");
        if (storage is null)
        {
            context.Error(root, "<storage> is missing; an appliance needs at least one disk");
            return disks;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in storage.Elements("disk"))
        {
            var disk = ParseDisk(element, context);
            if (disk is null)
            {
                continue;
            }

            if (!ids.Add(disk.Id))
            {
                context.Error(element, $"disk id '{disk.Id}' is used twice; disk ids (which default to the file name) must be unique");
                continue;
            }

            disks.Add(disk);
        }

        WarnUnknownChildren(storage, context, "disk");
        return disks;
    }

    private static DiskDefinition? ParseDisk(XElement element, ParseContext context)
    {
        var file = element.Attribute("file")?.Value;
        if (file is null)
        {
            context.Error(element, "<disk> needs file=\"NAME\", relative to the descriptor's folder");
            return null;
        }

        var checkedFile = context.RelativePath(element.Attribute("file")!, file, "disk file");
        var useName = element.Attribute("use")?.Value;
        var use = useName is null ? DiskUse.System : DiskUseNames.Parse(useName) ?? InvalidUse(element, useName, context);
        var sizeMb = context.Long(element, element.Attribute("size")?.Value, "disk size (MB)", 0, long.MaxValue >> 20);
        var sizeBytes = context.Long(element, element.Attribute("size-bytes")?.Value, "disk size-bytes", 0, long.MaxValue);
        if (sizeMb is not null && sizeBytes is not null && sizeMb.Value << 20 != (sizeBytes.Value + (1 << 20) - 1) >> 20 << 20)
        {
            context.Error(element, $"size=\"{sizeMb}\" (MB) and size-bytes=\"{sizeBytes}\" disagree");
        }

        WarnUnknownChildren(element, context, "checksum");
        if (checkedFile is null)
        {
            return null;
        }

        return new DiskDefinition
        {
            Id = element.Attribute("id")?.Value ?? file,
            File = checkedFile,
            Use = use,
            Format = element.Attribute("format")?.Value ?? "raw",
            SizeBytes = sizeBytes ?? (sizeMb is null ? null : sizeMb.Value << 20),
            Checksums = ParseChecksums(element, context),
        };
    }

    private static DiskUse InvalidUse(XElement element, string use, ParseContext context)
    {
        context.Error(element, $"disk use '{use}' must be system, user or scratch");
        return DiskUse.System;
    }

    private static Dictionary<string, string> ParseChecksums(XElement disk, ParseContext context)
    {
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var checksum in disk.Elements("checksum"))
        {
            var type = checksum.Attribute("type")?.Value ?? "sha256";
            var value = checksum.Value.Trim().ToLowerInvariant();
            if (!ChecksumHexLengths.TryGetValue(type, out var length))
            {
                context.Error(checksum, $"checksum type '{type}' must be sha1, sha256 or sha512");
            }
            else if (value.Length != length || !value.All(Uri.IsHexDigit))
            {
                context.Error(checksum, $"{type} checksum must be {length} hexadecimal digits");
            }
            else if (!checksums.TryAdd(type, value))
            {
                context.Error(checksum, $"the disk has two {type} checksums");
            }
        }

        return checksums;
    }

    private static DeviceSettings ParseDevices(XElement? devices, ParseContext context)
    {
        if (devices is null)
        {
            return new DeviceSettings();
        }

        var interfaces = devices.Elements("interface").Select(element => new NetworkInterface(
            element.Attribute("model")?.Value,
            element.Elements("forward").Select(forward => ParseForward(forward, context)).OfType<PortForward>().ToList())).ToList();
        WarnUnknownChildren(devices, context, "vcpu", "memory", "interface", "graphics", "hotplug", "normalize");
        var vcpu = devices.Element("vcpu");
        var memory = devices.Element("memory");
        var hotplug = devices.Element("hotplug");
        var settings = new DeviceSettings
        {
            Vcpus = context.Integer(devices, context.Text(devices, "vcpu"), "vcpu", 1, 4096) ?? 1,
            MemoryKiB = context.Long(devices, context.Text(devices, "memory"), "memory (KiB)", 1024, long.MaxValue / 1024) ?? 262144,
            Interfaces = interfaces,
            Graphics = devices.Element("graphics") is not null,
            Normalize = devices.Element("normalize") is not null,
            MaxVcpus = vcpu is null ? null : context.Integer(vcpu, vcpu.Attribute("max")?.Value, "vcpu max", 1, 4096),
            MaxMemoryKiB = memory is null ? null : context.Long(memory, memory.Attribute("max")?.Value, "memory max (KiB)", 1024, long.MaxValue / 1024),
            HotplugDisks = hotplug is null ? 0 : context.Integer(hotplug, hotplug.Attribute("disks")?.Value, "hotplug disks", 0, MaxHotplugDevices) ?? 0,
            HotplugInterfaces = hotplug is null ? 0 : context.Integer(hotplug, hotplug.Attribute("interfaces")?.Value, "hotplug interfaces", 0, MaxHotplugDevices) ?? 0,
        };
        if (settings.MaxVcpus < settings.Vcpus)
        {
            context.Error(vcpu!, $"vcpu max=\"{settings.MaxVcpus}\" is below the {settings.Vcpus} vCPUs the instance starts with; raise max or lower the count");
        }

        if (settings.MaxMemoryKiB < settings.MemoryKiB)
        {
            context.Error(memory!, $"memory max=\"{settings.MaxMemoryKiB}\" KiB is below the {settings.MemoryKiB} KiB the instance starts with; raise max or lower the memory");
        }

        return settings;
    }

    /// <summary>More would need more PCIe root ports than a q35 machine's root bus has slots for.</summary>
    private const int MaxHotplugDevices = 16;

    private static PortForward? ParseForward(XElement forward, ParseContext context)
    {
        var guest = context.Integer(forward, forward.Attribute("guest")?.Value, "guest port", 1, 65535);
        if (guest is null)
        {
            context.Error(forward, "<forward> needs guest=\"PORT\"");
            return null;
        }

        var protocol = forward.Attribute("protocol")?.Value ?? "tcp";
        if (protocol is not ("tcp" or "udp"))
        {
            context.Error(forward, $"protocol '{protocol}' must be tcp or udp");
        }

        return new PortForward(
            forward.Attribute("name")?.Value ?? $"{protocol}-{guest}",
            guest.Value,
            context.Integer(forward, forward.Attribute("host")?.Value, "host port", 1, 65535),
            protocol);
    }
}
