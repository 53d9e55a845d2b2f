namespace VirtAppliance.Hosts.Capabilities;

/// <summary>The host part of libvirt's capabilities.</summary>
public sealed record HostInfo
{
    /// <summary>The host's architecture.</summary>
    public string? Arch { get; init; }

    /// <summary>The host CPU's model.</summary>
    public string? CpuModel { get; init; }

    /// <summary>The host CPU's vendor.</summary>
    public string? CpuVendor { get; init; }

    /// <summary>The host CPU's features.</summary>
    public IReadOnlyList<string> CpuFeatures { get; init; } = [];

    /// <summary>CPU sockets.</summary>
    public int? Sockets { get; init; }

    /// <summary>Dies per socket.</summary>
    public int? Dies { get; init; }

    /// <summary>Cores per die.</summary>
    public int? Cores { get; init; }

    /// <summary>Threads per core.</summary>
    public int? Threads { get; init; }

    /// <summary>Logical CPUs: from the NUMA cells when listed, else the topology.</summary>
    public int? Cpus { get; init; }

    /// <summary>Memory in KiB, from the NUMA cells.</summary>
    public long? MemoryKiB { get; init; }

    /// <summary>Security drivers (selinux, apparmor, dac).</summary>
    public IReadOnlyList<string> SecurityModels { get; init; } = [];
}
