namespace VirtAppliance.Descriptors.Model;

/// <summary>What a variant asks of a guest feature (virt-image's pae/acpi/apic with state on|off).</summary>
public enum FeatureState
{
    Unspecified,
    On,
    Off,
}
