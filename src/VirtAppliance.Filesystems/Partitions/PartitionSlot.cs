namespace VirtAppliance.Filesystems.Partitions;

/// <summary>A partition as its table gives it: number (1-based), byte range, and the type in the table's own terms.</summary>
public sealed record PartitionSlot(int Number, long Offset, long Size, Guid? GptType, byte? MbrType);
