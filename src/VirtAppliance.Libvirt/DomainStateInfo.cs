namespace VirtAppliance.Libvirt;

/// <summary>A domain's state and the reason for it, in virsh's words ("shut off (shutdown)").</summary>
public sealed record DomainStateInfo(DomainState State, int Reason)
{
    /// <summary>virDomainShutoffReason.</summary>
    public const int ShutoffShutdown = 1;

    /// <summary>Shutoff reason: destroyed.</summary>
    public const int ShutoffDestroyed = 2;

    /// <summary>Shutoff reason: crashed.</summary>
    public const int ShutoffCrashed = 3;

    /// <summary>Shutoff reason: failed to start.</summary>
    public const int ShutoffFailed = 6;

    /// <summary>virDomainPausedReason VIR_DOMAIN_PAUSED_SHUTTING_DOWN.</summary>
    public const int PausedShuttingDown = 8;

    /// <summary>Whether the domain runs (any state but off).</summary>
    public bool IsActive => State is not (DomainState.Shutoff or DomainState.NoState);

    /// <summary>QEMU stopped after the guest powered off but libvirt has not reaped it yet.</summary>
    public bool IsShuttingDown => State == DomainState.Shutdown || (State == DomainState.Paused && Reason == PausedShuttingDown);

    /// <summary>The state as virsh names it.</summary>
    public string StateName => State switch
    {
        DomainState.NoState => "no state",
        DomainState.Running => "running",
        DomainState.Blocked => "blocked",
        DomainState.Paused => "paused",
        DomainState.Shutdown => "in shutdown",
        DomainState.Shutoff => "shut off",
        DomainState.Crashed => "crashed",
        DomainState.PmSuspended => "pmsuspended",
        _ => "unknown",
    };

    /// <summary>The reason as virsh names it.</summary>
    public string ReasonName => State switch
    {
        DomainState.Running => Pick(Reason, "unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy", "post-copy failed"),
        DomainState.Paused => Pick(Reason, "unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up", "post-copy", "post-copy failed"),
        DomainState.Shutdown => Pick(Reason, "unknown", "user"),
        DomainState.Shutoff => Pick(Reason, "unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot", "daemon"),
        DomainState.Crashed => Pick(Reason, "unknown", "panicked"),
        _ => "unknown",
    };

    /// <inheritdoc />
    public override string ToString() => $"{StateName} ({ReasonName})";

    private static string Pick(int reason, params string[] names) => reason >= 0 && reason < names.Length ? names[reason] : "unknown";
}
