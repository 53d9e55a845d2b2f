namespace VirtAppliance.Hosts.Capabilities;

/// <summary>libvirt domain capabilities for one emulator, arch, machine and domain type.</summary>
public sealed record DomainCapabilities
{
    /// <summary>The emulator.</summary>
    public string? Path { get; init; }

    /// <summary>The domain type (kvm, qemu).</summary>
    public string? DomainType { get; init; }

    /// <summary>The machine type described.</summary>
    public string? Machine { get; init; }

    /// <summary>The guest architecture.</summary>
    public string? Arch { get; init; }

    /// <summary>The most vCPUs a guest can have.</summary>
    public int? MaxVcpus { get; init; }

    /// <summary>Values of the os firmware enum (bios, efi); empty when not reported.</summary>
    public IReadOnlyList<string> Firmware { get; init; } = [];

    /// <summary>Firmware loader files (UEFI).</summary>
    public IReadOnlyList<string> Loaders { get; init; } = [];

    /// <summary>Supported CPU modes (host-passthrough, host-model, custom).</summary>
    public IReadOnlyList<string> CpuModes { get; init; } = [];

    /// <summary>Usable CPU models.</summary>
    public IReadOnlyList<string> CpuModels { get; init; } = [];

    /// <summary>Device enums by "device.enum" (for example "disk.bus" → ide, sata, scsi, virtio, usb).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeviceEnums { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Features reported as supported='yes'.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}
