namespace VirtAppliance.Cli.Commands.Status;

/// <summary>What <c>status --json</c> prints.</summary>
internal sealed record StatusReport(
    string Name,
    string Appliance,
    string? Version,
    string Variant,
    string Phase,
    string State,
    string Connection,
    string? Detail,
    string Uuid,
    string DomainType,
    string ConsoleLog,
    IReadOnlyList<StatusDisk> Disks);

internal sealed record StatusDisk(string Id, string Use, string Path, string Target, string Bus, string Serial, string? BasePath);
