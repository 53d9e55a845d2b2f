namespace VirtAppliance.Building.Layout;

public enum PartitionTable
{
    /// <summary>DOS/MBR: up to four primary partitions, 2 TiB.</summary>
    Msdos,
    Gpt,
}
