using VirtAppliance.Deployment.Deploying;

namespace VirtAppliance.Fleet.Deploying;

/// <summary>How one instance of a fleet deployment went: its outcome, or the error that stopped it (the others carry on).</summary>
public sealed record FleetOutcome(PlannedInstance Instance, DeployOutcome? Outcome, string? Error);
