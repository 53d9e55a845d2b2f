using VirtAppliance.Repository.Format;

namespace VirtAppliance.Cli.Commands.Info;

/// <summary>What <c>info --json</c> prints: an appliance in a repository, its variants and disks.</summary>
internal sealed record InfoReport(
    string Repository,
    string Name,
    string? Version,
    string? Release,
    string? Label,
    string? Description,
    string Manifest,
    IReadOnlyList<InfoVariant> Variants,
    IReadOnlyList<ManifestDisk> Disks);

internal sealed record InfoVariant(string Id, string Type, string Arch, string? Firmware, IReadOnlyList<string> Disks, long DownloadBytes);
