namespace VirtAppliance.Cli.Commands.Image.Overlay;

/// <summary>What <c>image overlay --json</c> prints.</summary>
internal sealed record OverlayReport(string Overlay, string BackingFilename, string BackingFormat, long VirtualSize);
