namespace VirtAppliance.Cli.Commands.Seed;

/// <summary>What <c>seed --json</c> prints.</summary>
internal sealed record SeedReport(string Seed, string InstanceId, string Format, string Label);
