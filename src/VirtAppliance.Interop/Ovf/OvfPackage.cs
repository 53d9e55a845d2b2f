namespace VirtAppliance.Interop.Ovf;

/// <summary>A file of the package (References/File): its id, its name beside the .ovf, its size when declared.</summary>
public sealed record OvfFile(string Id, string Href, long? Size);

/// <summary>A virtual disk (DiskSection/Disk): its capacity in bytes, the file holding it, the file's format URI.</summary>
public sealed record OvfDisk(string DiskId, string? FileRef, long? Capacity, string? Format, long? PopulatedSize);

/// <summary>A storage controller of the hardware section: IDE, SCSI (lsilogic, buslogic, virtio...) or SATA.</summary>
public sealed record OvfController(string InstanceId, int ResourceType, string? SubType)
{
    /// <summary>ide, scsi or sata, as a descriptor's disk-bus names them.</summary>
    public string Bus => ResourceType switch
    {
        ResourceTypes.IdeController => "ide",
        ResourceTypes.ScsiController => "scsi",
        _ => "sata",
    };
}

/// <summary>A disk or CD drive on a controller: the disk (ovf:/disk/ID) or file (ovf:/file/ID) it holds.</summary>
public sealed record OvfDrive(string? DiskId, string? FileId, string? ControllerId, int? AddressOnParent, bool IsCdrom);

/// <summary>A network card: its adapter type (E1000, VmxNet3, virtio...) and the network it is connected to.</summary>
public sealed record OvfNic(string? SubType, string? Connection);

/// <summary>The drive targets and disk bus the appliance had, from this toolkit's own section (null for other packages).</summary>
public sealed record OvfApplianceVariant(string? Id, string? DiskBus, string? Machine, IReadOnlyDictionary<string, string> Targets);

/// <summary>One virtual system of an OVF envelope, with what this toolkit maps (the rest is listed in Unmapped).</summary>
public sealed record OvfPackage
{
    /// <summary>1 for OVF 1.x (envelope/1), 2 for OVF 2.x (envelope/2).</summary>
    public int Version { get; init; } = 1;

    public required string Name { get; init; }

    public string? Product { get; init; }

    public string? ProductVersion { get; init; }

    public string? FullVersion { get; init; }

    public string? Vendor { get; init; }

    public string? ProductUrl { get; init; }

    public string? Annotation { get; init; }

    /// <summary>The CIM operating system id (OperatingSystemSection ovf:id) and its description.</summary>
    public int? OsId { get; init; }

    public string? OsType { get; init; }

    public string? OsDescription { get; init; }

    public required IReadOnlyList<OvfFile> Files { get; init; }

    public required IReadOnlyList<OvfDisk> Disks { get; init; }

    public int Vcpus { get; init; } = 1;

    public long MemoryMiB { get; init; } = 256;

    /// <summary>bios or efi.</summary>
    public string Firmware { get; init; } = "bios";

    public IReadOnlyList<OvfController> Controllers { get; init; } = [];

    public IReadOnlyList<OvfDrive> Drives { get; init; } = [];

    public IReadOnlyList<OvfNic> Nics { get; init; } = [];

    public OvfApplianceVariant? Appliance { get; init; }

    /// <summary>What the reader saw and does not map (a warning each).</summary>
    public IReadOnlyList<string> Unmapped { get; init; } = [];

    public OvfFile? FindFile(string? id) => id is null ? null : Files.FirstOrDefault(f => f.Id == id);

    public OvfDisk? FindDisk(string? id) => id is null ? null : Disks.FirstOrDefault(d => d.DiskId == id);
}
