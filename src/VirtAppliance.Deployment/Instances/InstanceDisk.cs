using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Deployment.Instances;

/// <summary>One disk of an instance as the guest sees it, and where its bytes live.</summary>
public sealed record InstanceDisk
{
    public required string Id { get; init; }

    public required DiskUse Use { get; init; }

    /// <summary>The file the domain uses: an overlay or created disk in the instance folder, or the base itself (CD-ROMs).</summary>
    public required string Path { get; init; }

    public required string Format { get; init; }

    /// <summary>Guest device name (vda, hda, sda, xvda).</summary>
    public required string Target { get; init; }

    /// <summary>virtio, ide, sata, scsi, xen.</summary>
    public required string Bus { get; init; }

    /// <summary>A serial number the tool generated, the same in both phases (disks are found by it, not by order).</summary>
    public required string Serial { get; init; }

    /// <summary>The appliance's shipped file, shared and never written; null for a disk created empty.</summary>
    public string? BasePath { get; init; }

    public string? BaseFormat { get; init; }

    public long? SizeBytes { get; init; }

    public bool Cdrom { get; init; }

    /// <summary>On a remote host: the volume in the instance's pool that holds this disk (null for shared CD-ROMs and local files).</summary>
    public string? Volume { get; init; }

    /// <summary>On a remote host: the path there of the shared volume the overlay is backed by.</summary>
    public string? BaseHostPath { get; init; }

    /// <summary>Only attached during the install phase (an installer ISO).</summary>
    public bool InstallOnly { get; init; }

    /// <summary>A file of the user's, attached as it is ('attach --disk FILE'): never created or removed by this tool.</summary>
    public bool External { get; init; }

    /// <summary>True when the file at <see cref="Path"/> is created by deploy or attach (an overlay or an empty disk).</summary>
    public bool CreatedByDeploy => !Cdrom && !External;
}
