namespace VirtAppliance.Repository.Format;

/// <summary>One version of one appliance: its descriptor, its disks as blobs, and its variants' needs.</summary>
public sealed record ApplianceManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? Release { get; init; }

    /// <summary>The descriptor file exactly as published (its disk paths are the disks' file names below).</summary>
    public required BlobReference Descriptor { get; init; }

    /// <summary>Name of the descriptor file when pulled.</summary>
    public required string DescriptorFile { get; init; }

    public required IReadOnlyList<ManifestDisk> Disks { get; init; }

    /// <summary>Kernels and initrds the variants boot directly (Id is their path relative to the descriptor).</summary>
    public IReadOnlyList<ManifestDisk> BootFiles { get; init; } = [];

    public required IReadOnlyList<ManifestVariant> Variants { get; init; }
}

/// <summary>A disk (or boot file): its file name in the descriptor, the transport blob (compressed) and the content it decompresses to.</summary>
public sealed record ManifestDisk
{
    public required string Id { get; init; }

    /// <summary>Relative to the descriptor; checked not to escape its folder.</summary>
    public required string File { get; init; }

    public required string Format { get; init; }

    /// <summary>"zstd" or "none".</summary>
    public required string Compression { get; init; }

    public required BlobReference Blob { get; init; }

    /// <summary>The disk file itself (after decompression): what the cache keeps and verifies.</summary>
    public required BlobReference Content { get; init; }
}

/// <summary>A boot variant: which disks it needs, and a summary of what it asks of a host.</summary>
public sealed record ManifestVariant
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string Arch { get; init; }

    public required IReadOnlyList<string> Disks { get; init; }

    /// <summary>Paths of the kernels and initrds this variant boots (its own and its install phase's).</summary>
    public IReadOnlyList<string> BootFiles { get; init; } = [];

    public string? Firmware { get; init; }

    public bool AcceleratorRequired { get; init; }
}
