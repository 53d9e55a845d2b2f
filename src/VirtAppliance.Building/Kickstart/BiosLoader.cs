namespace VirtAppliance.Building.Kickstart;

/// <summary>What boots the BIOS variant ('bootloader --loader'); UEFI variants always boot systemd-boot.</summary>
internal enum BiosLoader
{
    /// <summary>syslinux on the FAT boot partition: small, nothing needed in the guest.</summary>
    Syslinux,

    /// <summary>GRUB 2 (i386-pc) with its core in the gap after the MBR: what distributions and virt-v2v expect.</summary>
    Grub,
}
