namespace VirtAppliance.Fleet.Migration;

/// <summary>The step boundaries of a migration, in order: a process killed after any of them leaves what <see cref="Migrator.Settle"/> finishes or undoes.</summary>
public static class MigrationSteps
{
    public const string Recorded = "migration-recorded";
    public const string DestinationPrepared = "destination-prepared";
    public const string Migrated = "migrated";
    public const string SourceCleaned = "source-cleaned";

    public static IReadOnlyList<string> All { get; } = [Recorded, DestinationPrepared, Migrated, SourceCleaned];
}
