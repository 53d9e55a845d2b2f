namespace VirtAppliance.Deployment.Instances;

/// <summary>One instance as a listing shows it.</summary>
public sealed record InstanceStatus(
    string Name,
    string Appliance,
    string? Version,
    string Variant,
    string Phase,
    string State,
    string Connection,
    string? Detail = null)
{
    /// <summary>The fleet host the instance is on (its name in hosts.yaml), or null when its connection is not one of them.</summary>
    public string? Host { get; init; }

    /// <summary>Phase shown when the plan exists but no domain does (deployment interrupted before define).</summary>
    public const string Incomplete = "incomplete";

    public const string Missing = "missing";
}
