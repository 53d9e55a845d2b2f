namespace VirtAppliance.Cli.Commands.Search;

/// <summary>One appliance in <c>search --json</c>.</summary>
internal sealed record SearchRow(
    string Repository,
    string Name,
    string? Version,
    string? Release,
    string? Label,
    string? Description,
    IReadOnlyList<string> Variants,
    long TotalBytes,
    DateTimeOffset Published);
