namespace VirtAppliance.Hosts.Capabilities;

/// <summary>libvirt domain capabilities for one emulator, arch, machine and domain type.</summary>
public sealed record DomainCapabilities
{
    public string? Path { get; init; }
    public string? DomainType { get; init; }
    public string? Machine { get; init; }
    public string? Arch { get; init; }
    public int? MaxVcpus { get; init; }

    /// <summary>Values of the os firmware enum (bios, efi); empty when not reported.</summary>
    public IReadOnlyList<string> Firmware { get; init; } = [];

    public IReadOnlyList<string> Loaders { get; init; } = [];

    public IReadOnlyList<string> CpuModes { get; init; } = [];

    public IReadOnlyList<string> CpuModels { get; init; } = [];

    /// <summary>Device enums by "device.enum" (for example "disk.bus" → ide, sata, scsi, virtio, usb).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeviceEnums { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Features reported as supported='yes'.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}
