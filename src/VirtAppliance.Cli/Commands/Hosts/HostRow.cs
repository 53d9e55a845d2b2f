using VirtAppliance.Fleet.Survey;

namespace VirtAppliance.Cli.Commands.Hosts;

/// <summary>One line of <c>hosts list</c> (and its --json).</summary>
internal sealed record HostRow(
    string Name,
    string Uri,
    bool Reachable,
    string? Error,
    IReadOnlyList<string> Arches,
    string? Accelerator,
    int? Cpus,
    long? TotalMemoryMiB,
    long? AvailableMemoryMiB,
    long ReserveMemoryMiB,
    int VcpusInUse,
    int VcpuCapacity,
    double CpuOvercommit,
    int RunningDomains,
    int Instances,
    string Pool,
    IReadOnlyDictionary<string, string> Labels)
{
    public static HostRow From(HostReport report, int instances) => new(
        report.Host.Name,
        report.Host.Uri,
        report.Reachable,
        report.Error,
        report.Arches,
        report.Reachable ? report.Accelerator : null,
        report.Resources?.Cpus,
        report.Resources is { } r ? r.TotalKiB / 1024 : null,
        report.Reachable ? report.AvailableMemoryMiB : null,
        report.Host.ReserveMemoryMiB,
        report.VcpusInUse,
        report.Resources is { } resources ? (int)Math.Floor(resources.Cpus * report.Host.CpuOvercommit) : 0,
        report.Host.CpuOvercommit,
        report.RunningDomains,
        instances,
        report.Host.Pool,
        report.Host.Labels);
}
