using VirtAppliance.Building.Kickstart;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Building.Pipeline;

/// <summary>The descriptor of a built appliance: one variant per firmware, booting from disk, each disk with its sha256.</summary>
internal static class DescriptorComposer
{
    public static ApplianceDescriptor Compose(BuildSpec spec, IReadOnlyList<BuiltDisk> disks, IReadOnlyDictionary<Firmware, IReadOnlyList<string>> driveOrder)
    {
        var settings = spec.Appliance;
        var variants = settings.Firmware.Select((firmware, index) => new BootVariant
        {
            Index = index,
            Id = firmware == Firmware.Efi ? "efi" : "bios",
            Type = BootType.Hvm,
            Arch = settings.Arch,
            Acpi = FeatureState.On,
            Apic = FeatureState.On,
            Os = new OsBoot { LoaderDevice = "hd" },
            Drives = driveOrder[firmware].Select((disk, position) => new DriveMapping(disk, "vd" + (char)('a' + position))).ToList(),
            Requirements = new VariantRequirements
            {
                Firmware = firmware == Firmware.Efi ? "efi" : "bios",
                MinMemoryMiB = Math.Min(settings.MemoryMiB, 128),
                Machine = settings.Machine,
            },
        }).ToList();
        return new ApplianceDescriptor
        {
            SchemaVersion = 2,
            Name = settings.Name!,
            Version = settings.Version,
            Release = settings.Release,
            Label = settings.Label,
            Description = settings.Description,
            Boots = variants,
            Devices = new DeviceSettings
            {
                Vcpus = settings.Vcpus,
                MemoryKiB = settings.MemoryMiB * 1024,
                Interfaces = [new NetworkInterface(null, [])],
                MaxVcpus = settings.MaxVcpus,
                MaxMemoryKiB = settings.MaxMemoryMiB * 1024,
                HotplugDisks = settings.HotplugDisks,
                HotplugInterfaces = settings.HotplugNics,
            },
            Disks = disks.Select(disk => new DiskDefinition
            {
                Id = disk.Id,
                File = disk.File,
                Use = DiskUse.System,
                Format = disk.Format,
                SizeBytes = disk.VirtualSize,
                Checksums = new Dictionary<string, string> { ["sha256"] = disk.Sha256 },
            }).ToList(),
        };
    }
}
