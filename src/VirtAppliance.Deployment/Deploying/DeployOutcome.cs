using VirtAppliance.Deployment.Instances;
using VirtAppliance.Hosts.Matching;

namespace VirtAppliance.Deployment.Deploying;

/// <summary>What a deployment did: the plan, where it stands, and why a wait ended early.</summary>
/// <param name="Status">null for a dry run</param>
/// <param name="MarkerSeen">null when nothing was waited for</param>
/// <param name="Failure">why the wait ended without the marker (timed out, the guest stopped), or null</param>
/// <param name="FailureLog">the console log that explains <paramref name="Failure"/> (a path on the instance's host)</param>
/// <param name="FailureTail">its last lines</param>
public sealed record DeployOutcome(
    InstancePlan Plan,
    VariantVerdict Verdict,
    IReadOnlyList<string> HostNotes,
    InstanceStatus? Status,
    bool? MarkerSeen,
    string? Failure,
    string? FailureLog,
    IReadOnlyList<string>? FailureTail = null)
{
    public bool DryRun => Status is null;
}
