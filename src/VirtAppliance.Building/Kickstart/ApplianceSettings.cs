namespace VirtAppliance.Building.Kickstart;

/// <summary>The %appliance section: what kickstart has no words for.</summary>
internal sealed record ApplianceSettings
{
    public string? Name { get; init; }

    public string Version { get; init; } = "1.0";

    public string Release { get; init; } = "1";

    public string? Label { get; init; }

    public string? Description { get; init; }

    public int Vcpus { get; init; } = 1;

    public long MemoryMiB { get; init; } = 512;

    /// <summary>vcpus N --max M: vCPUs that may be added while the appliance runs.</summary>
    public int? MaxVcpus { get; init; }

    /// <summary>memory N --max M: memory that DIMMs may bring the appliance to while it runs.</summary>
    public long? MaxMemoryMiB { get; init; }

    public int HotplugDisks { get; init; }

    public int HotplugNics { get; init; }

    /// <summary>pc or q35; null lets the host choose.</summary>
    public string? Machine { get; init; }

    public IReadOnlyList<Firmware> Firmware { get; init; } = [Kickstart.Firmware.Bios];

    public RootSource? Root { get; init; }

    /// <summary>The Debian kernel package used when the root filesystem has no kernel in /boot.</summary>
    public string KernelPackage { get; init; } = "linux-image-cloud-amd64";

    public string Arch { get; init; } = "x86_64";

    /// <summary>Output format (the --format option wins).</summary>
    public string? Format { get; init; }

    /// <summary>zlib or zstd: compress the output (the -c / --compression options win).</summary>
    public string? Compression { get; init; }

    /// <summary>Disk sizes in MiB given with 'disk NAME --size N'; partitions with --grow fill them.</summary>
    public IReadOnlyDictionary<string, long> DiskSizesMiB { get; init; } = new Dictionary<string, long>();
}
