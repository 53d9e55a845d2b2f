namespace VirtAppliance.Hosts.Capabilities;

public sealed record HostInfo
{
    public string? Arch { get; init; }
    public string? CpuModel { get; init; }
    public string? CpuVendor { get; init; }
    public IReadOnlyList<string> CpuFeatures { get; init; } = [];
    public int? Sockets { get; init; }
    public int? Dies { get; init; }
    public int? Cores { get; init; }
    public int? Threads { get; init; }

    /// <summary>Logical CPUs: from the NUMA cells when listed, else the topology.</summary>
    public int? Cpus { get; init; }

    public long? MemoryKiB { get; init; }

    public IReadOnlyList<string> SecurityModels { get; init; } = [];
}
