using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;

namespace VirtAppliance.Building.Pipeline;

/// <summary>
/// Lays out the spec's disks and decides where each firmware boots from. One firmware with a fitting FAT partition on
/// the root's disk (an ESP for UEFI; an ESP or a vfat /boot for BIOS) boots from it; otherwise every firmware gets a
/// small boot disk of its own and all variants share the system disks (one root filesystem, found by UUID).
/// </summary>
internal static class DiskPlanner
{
    public const string BiosBootDisk = "boot-bios";
    public const string EfiBootDisk = "boot-efi";

    public sealed record Plan(IReadOnlyList<DiskLayout> SystemDisks, PlacedPartition Root, PartitionSpec? InDiskBootPartition, Firmware? InDiskFirmware);

    public static Plan LayOut(BuildSpec spec, DeterministicIds ids)
    {
        var root = spec.Partitions.Single(p => p.MountPoint == "/");
        var firmware = spec.Appliance.Firmware;
        PartitionSpec? bootPartition = null;
        if (firmware.Count == 1)
        {
            var onRootDisk = spec.Partitions.Where(p => p.Disk == root.Disk).ToList();
            bootPartition = firmware[0] == Firmware.Efi
                ? onRootDisk.FirstOrDefault(p => p.Filesystem == FilesystemType.Efi)
                : onRootDisk.FirstOrDefault(p => p.Filesystem == FilesystemType.Efi) ?? onRootDisk.FirstOrDefault(p => p.Filesystem == FilesystemType.Vfat && p.MountPoint == "/boot");
        }

        var table = spec.DiskLabel switch
        {
            "gpt" => PartitionTable.Gpt,
            "msdos" => PartitionTable.Msdos,
            _ => firmware.Contains(Firmware.Efi) ? PartitionTable.Gpt : PartitionTable.Msdos,
        };
        var disks = spec.Partitions.Select(p => p.Disk).Distinct().OrderBy(d => d == root.Disk ? 0 : 1).ToList();
        var layouts = disks.Select(disk => LayoutPlanner.Plan(spec.File, disk, spec.Partitions.Where(p => p.Disk == disk).ToList(),
            spec.Appliance.DiskSizesMiB.TryGetValue(disk, out var size) ? size : null, table,
            firmware is [Firmware.Bios] ? bootPartition : null, ids)).ToList();
        var placedRoot = layouts.SelectMany(l => l.Partitions).Single(p => ReferenceEquals(p.Spec, root));
        return new Plan(layouts, placedRoot, bootPartition, bootPartition is null ? null : firmware[0]);
    }

    /// <summary>A boot disk holding one FAT partition (an ESP on GPT for UEFI; an active FAT partition on msdos for BIOS).</summary>
    public static DiskLayout BootDisk(BuildSpec spec, Firmware firmware, long contentBytes, DeterministicIds ids)
    {
        const long minimumMiB = 32;
        const long slackMiB = 8;
        var sizeMiB = Math.Max(minimumMiB, (contentBytes + (contentBytes / 10) + (1 << 20) - 1 >> 20) + slackMiB);
        var name = firmware == Firmware.Efi ? EfiBootDisk : BiosBootDisk;
        var partition = new PartitionSpec
        {
            Line = 0,
            MountPoint = firmware == Firmware.Efi ? "/boot/efi" : "/boot",
            SizeMiB = sizeMiB,
            Filesystem = firmware == Firmware.Efi ? FilesystemType.Efi : FilesystemType.Vfat,
            Label = firmware == Firmware.Efi ? "EFI" : "BOOT",
            Disk = name,
        };
        return LayoutPlanner.Plan(spec.File, name, [partition], null, firmware == Firmware.Efi ? PartitionTable.Gpt : PartitionTable.Msdos,
            firmware == Firmware.Bios ? partition : null, ids);
    }
}
