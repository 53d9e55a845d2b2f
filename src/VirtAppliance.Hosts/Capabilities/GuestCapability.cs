namespace VirtAppliance.Hosts.Capabilities;

/// <summary>One &lt;guest&gt;: an OS type and architecture the host can run, with its domain types and features.</summary>
public sealed record GuestCapability
{
    /// <summary>hvm, xen (PV; libvirt's legacy "linux" is read as xen), xenpvh, exe.</summary>
    public required string OsType { get; init; }

    /// <summary>The guest architecture.</summary>
    public required string Arch { get; init; }

    /// <summary>32 or 64.</summary>
    public int? WordSize { get; init; }

    /// <summary>The emulator binary.</summary>
    public string? Emulator { get; init; }

    /// <summary>The default loader (Xen HVM).</summary>
    public string? Loader { get; init; }

    /// <summary>Machine types the emulator offers.</summary>
    public IReadOnlyList<MachineType> Machines { get; init; } = [];

    /// <summary>Domain types (kvm, qemu, xen) the host runs this guest with.</summary>
    public IReadOnlyList<GuestDomainType> Domains { get; init; } = [];

    /// <summary>PAE, ACPI, APIC and other guest features.</summary>
    public GuestFeatures Features { get; init; } = new();
}
