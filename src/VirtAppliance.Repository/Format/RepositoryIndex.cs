namespace VirtAppliance.Repository.Format;

/// <summary>The signed list of a repository's appliances. Serial grows with every publish (rollback protection).</summary>
public sealed record RepositoryIndex
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required long Serial { get; init; }

    public DateTimeOffset Generated { get; init; }

    public IReadOnlyList<IndexEntry> Appliances { get; init; } = [];
}

/// <summary>One published version of an appliance.</summary>
public sealed record IndexEntry
{
    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? Release { get; init; }

    public string? Label { get; init; }

    public string? Description { get; init; }

    public required BlobReference Manifest { get; init; }

    /// <summary>"hvm x86_64", "xen i686"...: enough to see at a glance where a version can run.</summary>
    public IReadOnlyList<string> Variants { get; init; } = [];

    /// <summary>Total size of the blobs of every variant; a pull fetches only one variant's share.</summary>
    public long TotalBytes { get; init; }

    public DateTimeOffset Published { get; init; }

    public string Reference => Version is null ? Name : $"{Name}:{Version}";
}
