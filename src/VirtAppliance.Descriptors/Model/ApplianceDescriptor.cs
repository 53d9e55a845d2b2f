namespace VirtAppliance.Descriptors.Model;

/// <summary>One appliance: its boot variants, the devices they share, and its disks.</summary>
public sealed record ApplianceDescriptor
{
    /// <summary>1 for virt-image files as they were written; 2 when the file declares schema="2" (the extended form).</summary>
    public int SchemaVersion { get; init; } = 1;

    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? Release { get; init; }

    public string? Label { get; init; }

    public string? Description { get; init; }

    public ProductInfo? Product { get; init; }

    public required IReadOnlyList<BootVariant> Boots { get; init; }

    public DeviceSettings Devices { get; init; } = new();

    public required IReadOnlyList<DiskDefinition> Disks { get; init; }

    /// <summary>The folder the descriptor was read from; disk, kernel and initrd paths are relative to it.</summary>
    public string? BaseDirectory { get; init; }

    public DiskDefinition? FindDisk(string id) => Disks.FirstOrDefault(d => d.Id == id);
}
