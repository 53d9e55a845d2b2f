namespace VirtAppliance.Deployment.Planning;

/// <summary>What the user asked of one deployment beyond the descriptor.</summary>
public sealed record DeployOptions
{
    public string? Name { get; init; }

    public string? Boot { get; init; }

    public long? MemoryMiB { get; init; }

    public int? Vcpus { get; init; }

    /// <summary>Where overlays and created disks go; default: the instance's folder in the state directory.</summary>
    public string? StorageDirectory { get; init; }

    public IReadOnlyList<PublishedPort> Publish { get; init; } = [];

    public bool Start { get; init; } = true;

    /// <summary>The storage pool on a remote host that receives the instance's volumes (default: the host's "default" pool).</summary>
    public string? Pool { get; init; }

    /// <summary>A customization recipe for the instance's system overlays (docs/customize.md), or null.</summary>
    public Instances.InstanceRecipe? Recipe { get; init; }

    /// <summary>deploy --normalize: the same virtual hardware on every host (docs/hardware.md).</summary>
    public bool Normalize { get; init; }

    /// <summary>The normalized hardware decided for the hosts involved (a fleet decides it once for all its hosts).</summary>
    public Hardware.NormalizedHardware? Normalized { get; init; }
}
