using VirtAppliance.Deployment.Planning;
using VirtAppliance.Fleet.Placement;

namespace VirtAppliance.Fleet.Deploying;

/// <summary>
/// <paramref name="Count"/> instances of one appliance across the fleet: named after <see cref="DeployOptions.Name"/>
/// (or the appliance), with -1, -2... when there are several.
/// </summary>
public sealed record FleetRequest(
    string Descriptor,
    DeployOptions Options,
    int Count,
    PlacementPolicy Policy,
    IReadOnlyDictionary<string, string> Labels)
{
    public IReadOnlyList<string> RecipeVariables { get; init; } = [];

    public string? WaitFor { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}
