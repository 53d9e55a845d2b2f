namespace VirtAppliance.Hosts.Capabilities;

/// <summary>Guest features a host offers for one architecture.</summary>
public sealed record GuestFeatures
{
    /// <summary>PAE guests run.</summary>
    public bool Pae { get; init; }

    /// <summary>Non-PAE guests run.</summary>
    public bool NonPae { get; init; }

    /// <summary>ACPI, when the host says whether it is on by default and can be toggled.</summary>
    public ToggleFeature? Acpi { get; init; }

    /// <summary>APIC, likewise.</summary>
    public ToggleFeature? Apic { get; init; }

    /// <summary>Other features by name.</summary>
    public IReadOnlyList<string> Others { get; init; } = [];
}
