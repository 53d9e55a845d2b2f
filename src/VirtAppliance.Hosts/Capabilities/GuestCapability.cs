namespace VirtAppliance.Hosts.Capabilities;

/// <summary>One &lt;guest&gt;: an OS type and architecture the host can run, with its domain types and features.</summary>
public sealed record GuestCapability
{
    /// <summary>hvm, xen (PV; libvirt's legacy "linux" is read as xen), xenpvh, exe.</summary>
    public required string OsType { get; init; }

    public required string Arch { get; init; }

    public int? WordSize { get; init; }

    public string? Emulator { get; init; }

    public string? Loader { get; init; }

    public IReadOnlyList<MachineType> Machines { get; init; } = [];

    public IReadOnlyList<GuestDomainType> Domains { get; init; } = [];

    public GuestFeatures Features { get; init; } = new();
}
