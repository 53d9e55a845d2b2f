using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;

namespace VirtAppliance.Building.Pipeline;

/// <summary>Where one firmware's boot loader goes: a FAT partition of the spec's disks, or its own small boot disk.</summary>
internal sealed record BootPlacement(Firmware Firmware, DiskLayout Disk, PlacedPartition Partition, bool IsSeparateDisk);
