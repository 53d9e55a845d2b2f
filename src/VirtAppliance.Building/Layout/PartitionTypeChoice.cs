using VirtAppliance.Building.Kickstart;
using VirtAppliance.Filesystems.Fat;
using VirtAppliance.Filesystems.Partitions;

namespace VirtAppliance.Building.Layout;

/// <summary>The partition type a kickstart partition gets in a GPT or an MBR.</summary>
internal static class PartitionTypeChoice
{
    public static Guid GptType(PartitionSpec spec) => spec.Filesystem switch
    {
        FilesystemType.Efi => PartitionTypes.EfiSystem,
        FilesystemType.BiosBoot => PartitionTypes.BiosBoot,
        FilesystemType.Swap => PartitionTypes.LinuxSwap,
        FilesystemType.Vfat => PartitionTypes.MicrosoftBasicData,
        _ => spec.MountPoint == "/" ? PartitionTypes.LinuxRootX86_64 : PartitionTypes.LinuxFilesystem,
    };

    public static byte MbrType(PartitionSpec spec, long size) => spec.Filesystem switch
    {
        FilesystemType.Efi => PartitionTypes.MbrEfiSystem,
        FilesystemType.Swap => PartitionTypes.MbrSwap,
        FilesystemType.Vfat => size >= FatFormat.Fat32Threshold ? PartitionTypes.MbrFat32Lba : PartitionTypes.MbrFat16Lba,
        _ => PartitionTypes.MbrLinux,
    };
}
