namespace VirtAppliance.Libvirt;

/// <summary>virDomainEventType (Defined=0 ... Crashed=8) with its detail, for one domain.</summary>
public sealed record DomainLifecycleEvent(string DomainName, string DomainUuid, int Event, int Detail)
{
    public const int Started = 2;
    public const int Stopped = 5;
    public const int Shutdown = 6;
}
