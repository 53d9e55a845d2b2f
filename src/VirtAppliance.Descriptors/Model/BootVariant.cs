namespace VirtAppliance.Descriptors.Model;

/// <summary>One way to boot the appliance (a virt-image &lt;boot&gt;).</summary>
public sealed record BootVariant
{
    /// <summary>0-based position in the descriptor.</summary>
    public required int Index { get; init; }

    /// <summary>The id given in the file, or "boot{Index}" when none was (legacy files have none).</summary>
    public required string Id { get; init; }

    /// <summary>Higher is preferred among variants that run equally well; 0 when not given.</summary>
    public int Preference { get; init; }

    public required BootType Type { get; init; }

    public required string Arch { get; init; }

    public FeatureState Pae { get; init; }

    public FeatureState Acpi { get; init; }

    public FeatureState Apic { get; init; }

    public OsBoot Os { get; init; } = new();

    public required IReadOnlyList<DriveMapping> Drives { get; init; }

    public VariantRequirements Requirements { get; init; } = new();

    /// <summary>The install phase run once before the run phase, or null.</summary>
    public InstallPhase? Install { get; init; }

    public bool IsParavirtual => Type == BootType.Xen;

    /// <summary>Ids of the storage disks this variant uses: its drives, and the installer ISO of its install phase.</summary>
    public IReadOnlyList<string> DiskIds => Drives.Select(d => d.Disk).Append(Install?.Iso).OfType<string>().Distinct().ToList();

    /// <summary>Descriptor-relative kernels and initrds this variant boots directly (its own and its install phase's).</summary>
    public IReadOnlyList<string> BootFiles => new[] { Os.Kernel, Os.Initrd, Install?.Kernel, Install?.Initrd }.OfType<string>().Distinct().ToList();
}
