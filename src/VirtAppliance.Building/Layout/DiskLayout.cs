namespace VirtAppliance.Building.Layout;

/// <summary>One output disk: its size, partition table and partitions.</summary>
internal sealed record DiskLayout
{
    /// <summary>The --ondisk name (sda, ...) or boot-bios / boot-efi for a generated boot disk.</summary>
    public required string Name { get; init; }

    public required long Size { get; init; }

    public required PartitionTable Table { get; init; }

    public required Guid DiskGuid { get; init; }

    public required uint MbrSignature { get; init; }

    public required IReadOnlyList<PlacedPartition> Partitions { get; init; }
}
