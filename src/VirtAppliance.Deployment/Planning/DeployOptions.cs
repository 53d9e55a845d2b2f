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
}
