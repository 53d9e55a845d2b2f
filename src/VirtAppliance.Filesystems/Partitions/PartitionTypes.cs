namespace VirtAppliance.Filesystems.Partitions;

/// <summary>Partition type codes: GPT type GUIDs (the UEFI spec, the Discoverable Partitions Specification) and MBR type bytes.</summary>
public static class PartitionTypes
{
    public static readonly Guid LinuxFilesystem = new("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
    public static readonly Guid LinuxRootX86_64 = new("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");
    public static readonly Guid LinuxSwap = new("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F");
    public static readonly Guid EfiSystem = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    public static readonly Guid BiosBoot = new("21686148-6449-6E6F-744E-656564454649");
    public static readonly Guid MicrosoftBasicData = new("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");

    public const byte MbrLinux = 0x83;
    public const byte MbrSwap = 0x82;
    public const byte MbrFat16Lba = 0x0e;
    public const byte MbrFat32Lba = 0x0c;
    public const byte MbrEfiSystem = 0xef;
    public const byte MbrGptProtective = 0xee;
}
