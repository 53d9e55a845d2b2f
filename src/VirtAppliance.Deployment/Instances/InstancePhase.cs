namespace VirtAppliance.Deployment.Instances;

/// <summary>Where an instance is in its life, recorded in the domain's &lt;metadata&gt;.</summary>
public enum InstancePhase
{
    /// <summary>The install configuration runs (or ran); the final configuration is already defined.</summary>
    Install,

    /// <summary>The install phase is over (or there was none); the final configuration is being started.</summary>
    Starting,

    /// <summary>The final configuration is in charge; the guest's own power state is the user's business.</summary>
    Run,
}
