namespace VirtAppliance.Cli.Commands.Build;

/// <summary>What <c>build --json</c> prints.</summary>
internal sealed record BuildReport(string Descriptor, IReadOnlyList<string> Variants, IReadOnlyList<BuildReportDisk> Disks, double Seconds);

internal sealed record BuildReportDisk(string Id, string File, string Format, long VirtualSize, long FileSize, string Sha256);
