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

    /// <summary>HVM or Xen PV.</summary>
    public required BootType Type { get; init; }

    /// <summary>The guest architecture (x86_64, i686, aarch64, ...).</summary>
    public required string Arch { get; init; }

    /// <summary>Whether the guest needs (On) or must not have (Off) PAE.</summary>
    public FeatureState Pae { get; init; }

    /// <summary>Whether the guest needs or must not have ACPI.</summary>
    public FeatureState Acpi { get; init; }

    /// <summary>Whether the guest needs or must not have an APIC.</summary>
    public FeatureState Apic { get; init; }

    /// <summary>How the guest boots: loader, boot device or kernel, initrd and command line.</summary>
    public OsBoot Os { get; init; } = new();

    /// <summary>The disks this variant attaches, each with its target device.</summary>
    public required IReadOnlyList<DriveMapping> Drives { get; init; }

    /// <summary>Minimum memory and vCPUs, firmware and CPU features (schema 2).</summary>
    public VariantRequirements Requirements { get; init; } = new();

    /// <summary>The install phase run once before the run phase, or null.</summary>
    public InstallPhase? Install { get; init; }

    /// <summary>Whether the variant boots as a Xen paravirtualized guest.</summary>
    public bool IsParavirtual => Type == BootType.Xen;

    /// <summary>Ids of the storage disks this variant uses: its drives, and the installer ISO of its install phase.</summary>
    public IReadOnlyList<string> DiskIds => Drives.Select(d => d.Disk).Append(Install?.Iso).OfType<string>().Distinct().ToList();

    /// <summary>Descriptor-relative kernels and initrds this variant boots directly (its own and its install phase's).</summary>
    public IReadOnlyList<string> BootFiles => new[] { Os.Kernel, Os.Initrd, Install?.Kernel, Install?.Initrd }.OfType<string>().Distinct().ToList();
}
