namespace VirtAppliance.Filesystems.Partitions;

/// <summary>Constants shared by the MBR and GPT codecs.</summary>
public static class PartitionTables
{
    public const int SectorSize = 512;
    public const ushort BootSignature = 0xaa55;
    public const ulong GptSignature = 0x5452415020494645; // "EFI PART"
    public const uint GptRevision = 0x00010000;
    public const byte ActiveFlag = 0x80;

    /// <summary>MBR type bytes that chain to logical partitions (not followed here).</summary>
    public const byte ExtendedChs = 0x05;
    public const byte ExtendedLba = 0x0f;
}
