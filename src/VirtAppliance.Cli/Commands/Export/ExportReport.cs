namespace VirtAppliance.Cli.Commands.Export;

/// <summary>What <c>export --json</c> prints; <paramref name="Images"/> are the container disks pushed for KubeVirt (REFERENCE@DIGEST).</summary>
internal sealed record ExportReport(string Path, string Format, string Variant, long Bytes, IReadOnlyList<string> Images, IReadOnlyList<string> Warnings);
