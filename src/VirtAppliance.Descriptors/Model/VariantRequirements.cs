namespace VirtAppliance.Descriptors.Model;

/// <summary>What a host must offer for a variant to run (schema 2).</summary>
public sealed record VariantRequirements
{
    /// <summary>bios or efi; null for either.</summary>
    public string? Firmware { get; init; }

    /// <summary>The least memory the variant runs with, in MiB.</summary>
    public long? MinMemoryMiB { get; init; }

    /// <summary>The fewest vCPUs the variant runs with.</summary>
    public int? MinVcpus { get; init; }

    /// <summary>True when the variant must not run emulated (TCG).</summary>
    public bool AcceleratorRequired { get; init; }

    /// <summary>CPU features the guest needs (libvirt's names: sse4_2, avx2, ...).</summary>
    public IReadOnlyList<string> CpuFeatures { get; init; } = [];

    /// <summary>virtio, sata, scsi, ide, xen; null to derive from the drive targets.</summary>
    public string? DiskBus { get; init; }

    /// <summary>A machine type such as q35 or pc; matched against the host's machine names and canonical names.</summary>
    public string? Machine { get; init; }
}
