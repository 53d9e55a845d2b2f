namespace VirtAppliance.Libvirt;

/// <summary>virDomainState.</summary>
public enum DomainState
{
    /// <summary>No state.</summary>
    NoState = 0,

    /// <summary>Running.</summary>
    Running = 1,

    /// <summary>Blocked on a resource.</summary>
    Blocked = 2,

    /// <summary>Paused.</summary>
    Paused = 3,

    /// <summary>Being shut down.</summary>
    Shutdown = 4,

    /// <summary>Off.</summary>
    Shutoff = 5,

    /// <summary>Crashed.</summary>
    Crashed = 6,

    /// <summary>Suspended by guest power management.</summary>
    PmSuspended = 7,
}
