namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>What qcow2 creation allocates up front, as qemu-img's preallocation option.</summary>
public enum Qcow2Preallocation
{
    /// <summary>Allocate nothing up front.</summary>
    Off,

    /// <summary>Allocate every L2 table and data cluster (the data stays a hole in the host file).</summary>
    Metadata,
}
