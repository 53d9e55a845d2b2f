namespace VirtAppliance.Descriptors.Model;

/// <summary>One appliance: its boot variants, the devices they share, and its disks.</summary>
public sealed record ApplianceDescriptor
{
    /// <summary>1 for virt-image files as they were written; 2 when the file declares schema="2" (the extended form).</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The appliance's name (the <c>name</c> element).</summary>
    public required string Name { get; init; }

    /// <summary>Its version (the <c>version</c> attribute of <c>name</c>), when given.</summary>
    public string? Version { get; init; }

    /// <summary>Its release (the <c>release</c> attribute of <c>name</c>), when given.</summary>
    public string? Release { get; init; }

    /// <summary>A short human-readable title.</summary>
    public string? Label { get; init; }

    /// <summary>A longer description of what the appliance does.</summary>
    public string? Description { get; init; }

    /// <summary>Vendor, product version and URL (schema 2).</summary>
    public ProductInfo? Product { get; init; }

    /// <summary>The boot variants, in the order the descriptor lists them (the first that runs is preferred).</summary>
    public required IReadOnlyList<BootVariant> Boots { get; init; }

    /// <summary>vCPUs, network interfaces and graphics shared by every variant.</summary>
    public DeviceSettings Devices { get; init; } = new();

    /// <summary>The disks the variants map to drives.</summary>
    public required IReadOnlyList<DiskDefinition> Disks { get; init; }

    /// <summary>The folder the descriptor was read from; disk, kernel and initrd paths are relative to it.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The disk whose identifier (file name) is <paramref name="id"/>, or null.</summary>
    public DiskDefinition? FindDisk(string id) => Disks.FirstOrDefault(d => d.Id == id);
}
