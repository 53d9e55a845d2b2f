namespace VirtAppliance.Fleet.Inventory;

/// <summary>One libvirt host of the user's fleet, as <c>hosts add</c> records it in hosts.yaml.</summary>
/// <param name="Pool">The storage pool that receives instance volumes there.</param>
/// <param name="CpuOvercommit">vCPUs placement may give guests per physical CPU.</param>
/// <param name="ReserveMemoryMiB">Memory placement leaves to the host itself.</param>
public sealed record FleetHost(
    string Name,
    string Uri,
    IReadOnlyDictionary<string, string> Labels,
    string Pool = FleetHost.DefaultPool,
    double CpuOvercommit = FleetHost.DefaultCpuOvercommit,
    long ReserveMemoryMiB = FleetHost.DefaultReserveMemoryMiB)
{
    public const string DefaultPool = "default";

    /// <summary>As OpenStack's cpu_allocation_ratio: 4 vCPUs per CPU.</summary>
    public const double DefaultCpuOvercommit = 4.0;

    /// <summary>As OpenStack's reserved_host_memory_mb.</summary>
    public const long DefaultReserveMemoryMiB = 512;
}
