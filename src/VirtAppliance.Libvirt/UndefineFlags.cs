namespace VirtAppliance.Libvirt;

/// <summary>virDomainUndefineFlagsValues.</summary>
[Flags]
public enum UndefineFlags : uint
{
    None = 0,
    ManagedSave = 1,
    SnapshotsMetadata = 2,
    Nvram = 4,
    KeepNvram = 8,
    CheckpointsMetadata = 16,
    Tpm = 32,
    KeepTpm = 64,
}
