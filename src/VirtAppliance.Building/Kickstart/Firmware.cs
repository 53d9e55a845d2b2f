namespace VirtAppliance.Building.Kickstart;

internal enum Firmware
{
    Bios,
    Efi,
}
