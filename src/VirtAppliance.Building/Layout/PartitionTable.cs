namespace VirtAppliance.Building.Layout;

internal enum PartitionTable
{
    /// <summary>DOS/MBR: up to four primary partitions, 2 TiB.</summary>
    Msdos,
    Gpt,
}
