namespace VirtAppliance.Cli.Commands.Deploy;

/// <summary>What <c>deploy --json</c> prints once the instance runs (or the wait for its marker ended).</summary>
internal sealed record DeployReport(
    string Name,
    string Appliance,
    string? Version,
    string Variant,
    string DomainType,
    string Connection,
    string Phase,
    string State,
    string Uuid,
    string ConsoleLog,
    bool? MarkerSeen,
    IReadOnlyList<Status.StatusPort> Published);

/// <summary>What <c>deploy --dry-run --json</c> prints: the plan, with both domain definitions as XML text.</summary>
internal sealed record DryRunReport(
    string Name,
    string Appliance,
    string? Version,
    string Variant,
    string DomainType,
    string Connection,
    string Uuid,
    string FinalXml,
    string? InstallXml,
    IReadOnlyList<string> Published);
