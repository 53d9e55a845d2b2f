namespace VirtAppliance.Cli.Commands.Customize;

/// <summary>What <c>customize --json</c> prints after changing the image in place.</summary>
internal sealed record CustomizeReport(string Image, int Partition, int Operations, long BytesWritten, double Seconds);

/// <summary>What <c>customize --firstboot --json</c> prints: the image is unchanged, the recipe went into a seed.</summary>
internal sealed record FirstBootReport(string Image, string Mode, string Seed, string InstanceId);
