namespace VirtAppliance.Descriptors.Model;

/// <summary>A disk of the appliance (a virt-image &lt;storage&gt;&lt;disk&gt;).</summary>
public sealed record DiskDefinition
{
    /// <summary>The disk's identifier: its file name, relative to the descriptor.</summary>
    public required string Id { get; init; }

    /// <summary>Relative to the descriptor's folder; never escapes it.</summary>
    public required string File { get; init; }

    /// <summary>What the disk holds (system, user data or scratch space).</summary>
    public DiskUse Use { get; init; } = DiskUse.System;

    /// <summary>raw, iso, qcow, qcow2, vmdk, vdi (virt-image's list), or any format this tool reads.</summary>
    public string Format { get; init; } = "raw";

    /// <summary>Size in bytes, from size-bytes (schema 2) or size in MB (virt-image, MiB).</summary>
    public long? SizeBytes { get; init; }

    /// <summary>Checksums by algorithm (sha1, sha256, sha512), lower-case hex.</summary>
    public IReadOnlyDictionary<string, string> Checksums { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the disk is an ISO 9660 image attached as a CD-ROM.</summary>
    public bool IsCdrom => Format == "iso";
}
