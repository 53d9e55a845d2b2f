namespace VirtAppliance.Building.Kickstart;

public enum Firmware
{
    Bios,
    Efi,
}
