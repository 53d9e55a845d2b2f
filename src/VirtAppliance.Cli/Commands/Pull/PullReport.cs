namespace VirtAppliance.Cli.Commands.Pull;

/// <summary>What <c>pull --json</c> prints.</summary>
internal sealed record PullReport(
    string Descriptor,
    string Name,
    string? Version,
    string Variant,
    string Host,
    long DownloadedBytes,
    long VariantBytes,
    long AllVariantsBytes);
