namespace VirtAppliance.Libvirt;

/// <summary>What a domain holds of its host (virDomainGetInfo): memory in KiB and virtual CPUs.</summary>
public sealed record DomainResources(long MaxMemoryKiB, long MemoryKiB, int Vcpus);
