namespace VirtAppliance.Cli.Commands.Check;

/// <summary>
/// What <c>check --json</c> prints: per host, the chosen variant and every variant's verdict; with --fleet also where
/// the instances would go.
/// </summary>
internal sealed record CheckReport(CheckedAppliance Appliance, IReadOnlyList<CheckedHost> Hosts, Deploy.FleetPlanReport? Placement = null);

internal sealed record CheckedAppliance(string Name, string? Version, string? Release);

internal sealed record CheckedHost(string Host, int? Chosen, string? ChosenId, IReadOnlyList<CheckedVariant> Variants, IReadOnlyList<string> Notes);

internal sealed record CheckedVariant(int Index, string Id, bool Runs, bool Emulated, string? DomainType, IReadOnlyList<string> Reasons);
