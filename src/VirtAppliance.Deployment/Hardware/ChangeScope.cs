namespace VirtAppliance.Deployment.Hardware;

/// <summary>Where a hardware change goes: the running guest, its definition for the next start, or (default) both.</summary>
public enum ChangeScope
{
    /// <summary>The running guest and the definition; only the definition when the guest is off.</summary>
    Both,
    Live,
    Config,
}
