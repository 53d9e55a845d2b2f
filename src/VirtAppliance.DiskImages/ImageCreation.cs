using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.DiskImages;

/// <summary>What a new image is: its size and the format's own choices (qemu-img create's -o).</summary>
public sealed record ImageCreation
{
    /// <summary>Virtual size in bytes.</summary>
    public required long Capacity { get; init; }

    /// <summary>One of the format's <see cref="DiskFormat.Subformats"/>; null for its default (the first).</summary>
    public string? Subformat { get; init; }

    /// <summary>qcow2 layout (cluster size, compat, refcount width, compression type, backing file); capacity comes from <see cref="Capacity"/>.</summary>
    public Qcow2CreateOptions? Qcow2 { get; init; }

    /// <summary>vpc: keep the exact size instead of rounding it up to CHS geometry (QEMU's force_size; Azure wants it).</summary>
    public bool ExactSize { get; init; }

    /// <summary>
    /// The file's name once in place, when it is created under a temporary name first (a VMDK's descriptor names its
    /// own extent file); null when the path given to create is final.
    /// </summary>
    public string? FinalName { get; init; }

    /// <summary>Where identifiers and timestamps come from (default: random and now).</summary>
    public ImageIdentity Identity { get; init; } = ImageIdentity.Random;
}
