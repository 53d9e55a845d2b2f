namespace VirtAppliance.Descriptors.Model;

/// <summary>Devices the appliance's variants share (the <c>devices</c> element).</summary>
public sealed record DeviceSettings
{
    /// <summary>Virtual CPUs (default 1).</summary>
    public int Vcpus { get; init; } = 1;

    /// <summary>Memory in KiB, as virt-image wrote it.</summary>
    public long MemoryKiB { get; init; } = 262144;

    /// <summary>The network interfaces, in order.</summary>
    public IReadOnlyList<NetworkInterface> Interfaces { get; init; } = [];

    /// <summary>Whether the appliance wants a graphical console.</summary>
    public bool Graphics { get; init; }

    /// <summary>Schema 2: the most vCPUs the instance may be given while it runs (vcpu/@max); null keeps it at <see cref="Vcpus"/>.</summary>
    public int? MaxVcpus { get; init; }

    /// <summary>Schema 2: the most memory, in KiB, that hot-added DIMMs may bring the instance to (memory/@max).</summary>
    public long? MaxMemoryKiB { get; init; }

    /// <summary>Schema 2: disks that may be added while the instance runs, beyond its own (hotplug/@disks).</summary>
    public int HotplugDisks { get; init; }

    /// <summary>Schema 2: network cards that may be added while the instance runs (hotplug/@interfaces).</summary>
    public int HotplugInterfaces { get; init; }

    /// <summary>Schema 2: every instance gets the same virtual hardware on every host (&lt;normalize/&gt;; deploy --normalize).</summary>
    public bool Normalize { get; init; }

    /// <summary>True when the descriptor plans for any live hardware change.</summary>
    public bool PlansHotplug => MaxVcpus > Vcpus || MaxMemoryKiB > MemoryKiB || HotplugDisks > 0 || HotplugInterfaces > 0;
}
