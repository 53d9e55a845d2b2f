namespace VirtAppliance.Building.Kickstart;

/// <summary>One kickstart 'part' line.</summary>
internal sealed record PartitionSpec
{
    public required int Line { get; init; }

    /// <summary>A path such as / or /boot/efi; "swap" or "biosboot" for partitions that are not mounted.</summary>
    public required string MountPoint { get; init; }

    public required long SizeMiB { get; init; }

    public bool Grow { get; init; }

    public long? MaxSizeMiB { get; init; }

    public required FilesystemType Filesystem { get; init; }

    public string? Label { get; init; }

    /// <summary>The disk the partition goes on (--ondisk/--ondrive; sda when not given).</summary>
    public string Disk { get; init; } = "sda";

    /// <summary>Mount options for fstab (--fsoptions); "defaults" when not given.</summary>
    public string? FsOptions { get; init; }

    public bool IsMounted => MountPoint.StartsWith('/');
}
