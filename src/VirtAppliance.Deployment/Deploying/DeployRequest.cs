using VirtAppliance.Deployment.Planning;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Deployment.Deploying;

/// <summary>Pulls NAME[:VERSION] for a host (the matcher chooses the variant) and returns the pulled descriptor's path.</summary>
public delegate Task<string> ApplianceFetcher(string reference, Func<ApplianceDescriptor, HostMatch> match, CancellationToken cancellation);

/// <summary>One deployment: which appliance, the user's options, and how long to wait for what.</summary>
public sealed record DeployRequest
{
    /// <summary>Why the connection was chosen, when the user did not name it (said with it).</summary>
    public string? ConnectionReason { get; init; }

    /// <summary>A descriptor file, or NAME[:VERSION] when <see cref="Fetch"/> is given.</summary>
    public required string Appliance { get; init; }

    public DeployOptions Options { get; init; } = new();

    /// <summary>NAME=VALUE recipe variables (beside ${name}, ${hostname} and ${index}).</summary>
    public IReadOnlyList<string> RecipeVariables { get; init; } = [];

    /// <summary>The instance's index among several deployed together (${index} in recipes).</summary>
    public int Index { get; init; }

    /// <summary>Text to wait for on the serial console after the start.</summary>
    public string? WaitFor { get; init; }

    /// <summary>Wait for an install phase to end even without <see cref="WaitFor"/> (the caller follows the console).</summary>
    public bool WaitForInstall { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Plan only: nothing is created.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Held while the appliance's shared files are put on the instance's host: deployments to one host that share it
    /// upload each file once, and make their own overlays, domains and waits side by side.
    /// </summary>
    public SemaphoreSlim? SharedFilesGate { get; init; }

    /// <summary>How NAME[:VERSION] is pulled; null when <see cref="Appliance"/> must be a file.</summary>
    public ApplianceFetcher? Fetch { get; init; }
}
