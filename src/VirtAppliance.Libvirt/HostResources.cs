namespace VirtAppliance.Libvirt;

/// <summary>A host's CPUs and memory as libvirt reports them (virNodeGetInfo, virNodeGetMemoryStats).</summary>
/// <param name="CpuModel">The CPU model.</param>
/// <param name="Cpus">Active logical CPUs.</param>
/// <param name="TotalKiB">Memory in KiB.</param>
/// <param name="FreeKiB">Free memory in KiB.</param>
/// <param name="AvailableKiB">Free memory plus buffers and page cache: what new guests can have without swapping.</param>
public sealed record HostResources(string CpuModel, int Cpus, long TotalKiB, long FreeKiB, long AvailableKiB);
