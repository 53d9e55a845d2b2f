namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// A migration recorded before it starts, so that a killed one is finished or undone: the destination's connection
/// and pool, and the plan as it will be there (disk paths in the destination's pool).
/// </summary>
public sealed record PendingMigration(string DestinationUri, bool Offline, InstancePlan Destination);
