namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// The step boundaries of a deployment, in order. A process killed after any of them leaves state that the next
/// command finishes (docs/deploy.md); <see cref="InstanceManager.StepReached"/> reports each as it is passed.
/// </summary>
public static class DeploymentSteps
{
    public static IReadOnlyList<string> All { get; } =
        ["plan-saved", "disk-created", "install-started", "defined", "phase-starting", "started", "phase-run"];
}
