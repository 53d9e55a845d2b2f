namespace VirtAppliance.Building.Kickstart;

/// <summary>A parsed kickstart build spec.</summary>
internal sealed record BuildSpec
{
    /// <summary>The spec file; relative paths in it are relative to its folder.</summary>
    public required string File { get; init; }

    public required IReadOnlyList<PartitionSpec> Partitions { get; init; }

    /// <summary>gpt or msdos from 'clearpart --disklabel'; null to choose (gpt when EFI boots from the disk, msdos otherwise).</summary>
    public string? DiskLabel { get; init; }

    public string? BootloaderAppend { get; init; }

    public BiosLoader BiosLoader { get; init; }

    public int BootloaderTimeoutSeconds { get; init; } = 1;

    public PasswordSpec? RootPassword { get; init; }

    public IReadOnlyList<UserSpec> Users { get; init; } = [];

    public string? Hostname { get; init; }

    /// <summary>A 'network' command was given: the first interface takes its address by DHCP.</summary>
    public bool Network { get; init; }

    public string? Timezone { get; init; }

    public IReadOnlyList<string> Packages { get; init; } = [];

    public IReadOnlyList<PostScript> PostScripts { get; init; } = [];

    public required ApplianceSettings Appliance { get; init; }

    /// <summary>Commands accepted for compatibility but without effect on an appliance (lang, keyboard, ...), with their lines.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public string Folder => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(Folder, path));
}
