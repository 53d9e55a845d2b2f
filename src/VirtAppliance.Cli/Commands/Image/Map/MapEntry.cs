namespace VirtAppliance.Cli.Commands.Image.Map;

/// <summary>One extent as <c>image map</c> prints it, with qemu-img map's fields.</summary>
internal sealed record MapEntry(long Start, long Length, bool Data, bool Zero, int Depth, long? Offset, string? File);
