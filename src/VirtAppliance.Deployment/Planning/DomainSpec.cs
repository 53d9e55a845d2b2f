using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Deployment.Planning;

/// <summary>Everything the domain XML is made from: the chosen variant plus the values deploy decided.</summary>
public sealed record DomainSpec
{
    public required string Name { get; init; }

    public required string Uuid { get; init; }

    /// <summary>kvm, qemu (TCG), xen, test...: from the matcher and the KVM probe.</summary>
    public required string DomainType { get; init; }

    public required BootVariant Variant { get; init; }

    /// <summary>The descriptor's folder: kernel and initrd paths resolve from it.</summary>
    public required string BaseDirectory { get; init; }

    public required long MemoryKiB { get; init; }

    public required int Vcpus { get; init; }

    /// <summary>What the instance may grow to while it runs (the descriptor's maxima); <see cref="HotplugHeadroom.None"/> plans nothing.</summary>
    public HotplugHeadroom Headroom { get; init; } = HotplugHeadroom.None;

    /// <summary>The same hardware on every host (deploy --normalize): machine version, CPU model, fixed PCI addresses.</summary>
    public Hardware.NormalizedHardware? Normalized { get; init; }

    public required IReadOnlyList<InstanceDisk> Disks { get; init; }

    public required IReadOnlyList<GuestNic> Nics { get; init; }

    public IReadOnlyList<PublishedPort> Publish { get; init; } = [];

    public bool Graphics { get; init; }

    public required string ConsoleLog { get; init; }

    public required InstanceMetadata Metadata { get; init; }

    /// <summary>On a remote host: the path there of a file of the appliance (kernel, initrd), uploaded to its pool.</summary>
    public Func<string, string>? HostPathOf { get; init; }
}

/// <summary>A network card with the MAC address deploy generated for it.</summary>
public sealed record GuestNic(string MacAddress, string? Model);
