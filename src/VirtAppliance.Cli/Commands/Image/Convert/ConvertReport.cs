namespace VirtAppliance.Cli.Commands.Image.Convert;

/// <summary>What <c>image convert --json</c> prints.</summary>
internal sealed record ConvertReport(string Destination, string Format, long Capacity, long DataBytes, long OutputBytes, double Seconds);
