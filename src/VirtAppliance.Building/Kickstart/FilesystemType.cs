namespace VirtAppliance.Building.Kickstart;

internal enum FilesystemType
{
    Ext2,
    Ext3,
    Ext4,
    Vfat,
    /// <summary>An EFI system partition (FAT).</summary>
    Efi,
    /// <summary>An empty BIOS boot partition (for GRUB on GPT; kept for specs that ask for it).</summary>
    BiosBoot,
    Swap,
}

internal static class FilesystemTypes
{
    public static FilesystemType? Parse(string name) => name.ToLowerInvariant() switch
    {
        "ext2" => FilesystemType.Ext2,
        "ext3" => FilesystemType.Ext3,
        "ext4" => FilesystemType.Ext4,
        "vfat" or "fat" => FilesystemType.Vfat,
        "efi" => FilesystemType.Efi,
        "biosboot" => FilesystemType.BiosBoot,
        "swap" => FilesystemType.Swap,
        _ => null,
    };

    public static bool IsExt(this FilesystemType type) => type is FilesystemType.Ext2 or FilesystemType.Ext3 or FilesystemType.Ext4;

    public static bool IsFat(this FilesystemType type) => type is FilesystemType.Vfat or FilesystemType.Efi;
}
