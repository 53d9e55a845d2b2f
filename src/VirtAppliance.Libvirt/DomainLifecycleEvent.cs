namespace VirtAppliance.Libvirt;

/// <summary>virDomainEventType (Defined=0 ... Crashed=8) with its detail, for one domain.</summary>
public sealed record DomainLifecycleEvent(string DomainName, string DomainUuid, int Event, int Detail)
{
    /// <summary>VIR_DOMAIN_EVENT_STARTED.</summary>
    public const int Started = 2;

    /// <summary>VIR_DOMAIN_EVENT_STOPPED.</summary>
    public const int Stopped = 5;

    /// <summary>VIR_DOMAIN_EVENT_SHUTDOWN.</summary>
    public const int Shutdown = 6;
}
