namespace VirtAppliance.Filesystems.Fat;

public static class FatFormat
{
    /// <summary>From this size on, FAT partitions are made FAT32 (the UEFI spec's choice for ESPs); below it FAT16, as the partition type says.</summary>
    public const long Fat32Threshold = 512L << 20;
}
