namespace VirtAppliance.Fleet.Placement;

/// <summary>One host as placement sees it: what the matcher said, what it has free, and its operator's limits.</summary>
/// <param name="Variant">The variant the matcher chose for this host, or null when none runs (see <paramref name="NoVariantReason"/>).</param>
/// <param name="AvailableMemoryMiB">Memory the host can give new guests now, before its reserve is taken off.</param>
/// <param name="VcpusInUse">vCPUs of the guests running there now.</param>
/// <param name="CpuOvercommit">vCPUs allowed per physical CPU (1.0: none).</param>
/// <param name="InstancesOfAppliance">Instances of the appliance being placed already there (spreading counts them).</param>
public sealed record PlacementHost(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    PlacementVariant? Variant,
    string? NoVariantReason,
    long AvailableMemoryMiB,
    long ReserveMemoryMiB,
    int Cpus,
    int VcpusInUse,
    double CpuOvercommit,
    int InstancesOfAppliance = 0)
{
    /// <summary>vCPUs the host may run in all: its CPUs times the overcommit ratio, rounded down.</summary>
    public int VcpuCapacity => (int)Math.Floor(Cpus * CpuOvercommit);
}
