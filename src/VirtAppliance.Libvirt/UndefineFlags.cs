namespace VirtAppliance.Libvirt;

/// <summary>virDomainUndefineFlagsValues.</summary>
[Flags]
public enum UndefineFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Also remove a managed save image.</summary>
    ManagedSave = 1,

    /// <summary>Also remove snapshot metadata.</summary>
    SnapshotsMetadata = 2,

    /// <summary>Also remove the NVRAM file.</summary>
    Nvram = 4,

    /// <summary>Keep the NVRAM file.</summary>
    KeepNvram = 8,

    /// <summary>Also remove checkpoint metadata.</summary>
    CheckpointsMetadata = 16,

    /// <summary>Also remove the TPM state.</summary>
    Tpm = 32,

    /// <summary>Keep the TPM state.</summary>
    KeepTpm = 64,
}
