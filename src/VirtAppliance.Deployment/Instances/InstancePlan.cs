namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// Everything decided at deploy time, written to the instance folder before anything is created, so that any later
/// command can finish an interrupted deployment with the same identities (UUID, MACs, serials) and the same XML.
/// </summary>
public sealed record InstancePlan
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required string Name { get; init; }

    public required string ConnectionUri { get; init; }

    public required string DescriptorPath { get; init; }

    public required InstanceMetadata Metadata { get; init; }

    public required string DomainType { get; init; }

    public required string Uuid { get; init; }

    public required IReadOnlyList<string> MacAddresses { get; init; }

    public required IReadOnlyList<InstanceDisk> Disks { get; init; }

    /// <summary>The run-phase domain (persistent).</summary>
    public required string FinalXml { get; init; }

    /// <summary>The install-phase domain (transient, on_reboot=destroy), or null when the variant has no install phase.</summary>
    public string? InstallXml { get; init; }

    public required string ConsoleLog { get; init; }

    public string? InstallLog { get; init; }

    /// <summary>False for --no-start: define only.</summary>
    public bool Start { get; init; } = true;

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Host ports forwarded into the guest (--publish and the descriptor's forwards).</summary>
    public IReadOnlyList<Planning.PublishedPort> Published { get; init; } = [];

    /// <summary>The customization recipe applied to each new system overlay before it gets its final name, or null.</summary>
    public InstanceRecipe? Recipe { get; init; }

    /// <summary>
    /// The storage pool of the host where the instance's disks live as volumes (remote hosts); null when they are files
    /// in the instance folder (this machine's connections).
    /// </summary>
    public Storage.RemotePool? Pool { get; init; }

    /// <summary>The appliance's files uploaded once to the host's pool and shared by its instances (remote hosts only).</summary>
    public IReadOnlyList<SharedFile> SharedFiles { get; init; } = [];

    /// <summary>A migration begun and not yet finished: reconcile completes or undoes it.</summary>
    public PendingMigration? Migration { get; init; }

    public bool HasInstallPhase => InstallXml is not null;
}
