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
    IReadOnlyList<StatusDisk> Disks,
    IReadOnlyList<StatusPort> Published,
    IReadOnlyList<StatusAddress> Addresses);

/// <summary>A host port forwarded into the guest.</summary>
internal sealed record StatusPort(string Address, int HostPort, int GuestPort, string Protocol);

/// <summary>An address of the guest, and where libvirt learned it (lease, agent, arp).</summary>
internal sealed record StatusAddress(string Interface, string Address, int Prefix, string Source);

internal sealed record StatusDisk(string Id, string Use, string Path, string Target, string Bus, string Serial, string? BasePath);
