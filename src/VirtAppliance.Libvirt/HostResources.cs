namespace VirtAppliance.Libvirt;

/// <summary>A host's CPUs and memory as libvirt reports them (virNodeGetInfo, virNodeGetMemoryStats).</summary>
/// <param name="AvailableKiB">Free memory plus buffers and page cache: what new guests can have without swapping.</param>
public sealed record HostResources(string CpuModel, int Cpus, long TotalKiB, long FreeKiB, long AvailableKiB);
