namespace VirtAppliance.Descriptors.Model;

/// <summary>What a variant asks of a guest feature (virt-image's pae/acpi/apic with state on|off).</summary>
public enum FeatureState
{
    /// <summary>The descriptor does not say.</summary>
    Unspecified,

    /// <summary>The guest needs the feature.</summary>
    On,

    /// <summary>The guest must run without the feature.</summary>
    Off,
}
