namespace VirtAppliance.Hosts.Capabilities;

/// <summary>What one host offers, from libvirt capabilities XML (and domain capabilities, when given) or a local probe.</summary>
public sealed record HostCapabilities
{
    /// <summary>The file, URI or "local" the capabilities came from, as the user named it.</summary>
    public required string Source { get; init; }

    /// <summary>The host itself: architecture, CPU, memory.</summary>
    public HostInfo Host { get; init; } = new();

    /// <summary>What guests the host runs, per architecture and OS type.</summary>
    public IReadOnlyList<GuestCapability> Guests { get; init; } = [];

    /// <summary>Domain capabilities for this host (firmware, CPU models, device buses), when known.</summary>
    public IReadOnlyList<DomainCapabilities> DomainCapabilities { get; init; } = [];

    /// <summary>Facts a local probe established beyond what libvirt reports (for example, that KVM hangs).</summary>
    public IReadOnlyList<string> ProbeNotes { get; init; } = [];

    /// <summary>False when a probe found KVM advertised but unusable; null when nobody probed.</summary>
    public bool? KvmUsable { get; init; }
}
