namespace VirtAppliance.Cli.Commands.Export;

/// <summary>What <c>export --json</c> prints.</summary>
internal sealed record ExportReport(string Path, string Format, string Variant, long Bytes, IReadOnlyList<string> Warnings);
