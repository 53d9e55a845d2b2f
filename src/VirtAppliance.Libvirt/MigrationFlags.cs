namespace VirtAppliance.Libvirt;

/// <summary>virDomainMigrateFlags this project uses.</summary>
[Flags]
public enum MigrationFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>Migrate while the guest runs.</summary>
    Live = 1,

    /// <summary>Define the domain persistently on the destination.</summary>
    PersistDestination = 8,

    /// <summary>Undefine the domain on the source afterwards.</summary>
    UndefineSource = 16,

    /// <summary>Copy every disk's full contents (VIR_MIGRATE_NON_SHARED_DISK).</summary>
    CopyAllStorage = 64,

    /// <summary>Copy only each disk's top layer: the backing files must be at the destination already (VIR_MIGRATE_NON_SHARED_INC).</summary>
    CopyTopStorage = 128,

    /// <summary>Move the definition of a domain that is not running (VIR_MIGRATE_OFFLINE).</summary>
    Offline = 1024,
}
