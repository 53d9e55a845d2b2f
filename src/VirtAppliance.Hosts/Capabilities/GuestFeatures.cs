namespace VirtAppliance.Hosts.Capabilities;

public sealed record GuestFeatures
{
    public bool Pae { get; init; }
    public bool NonPae { get; init; }
    public ToggleFeature? Acpi { get; init; }
    public ToggleFeature? Apic { get; init; }
    public IReadOnlyList<string> Others { get; init; } = [];
}
