namespace VirtAppliance.DiskImages.Qcow2;

public enum Qcow2Preallocation
{
    /// <summary>Allocate nothing up front.</summary>
    Off,

    /// <summary>Allocate every L2 table and data cluster (the data stays a hole in the host file).</summary>
    Metadata,
}
