using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Cli.Commands.Image.Map;

/// <summary><c>image map FILE</c>: the allocation map with the backing chain resolved.</summary>
internal sealed class MapCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string>("FILE") { Description = "The image" };
        var format = CommonOptions.Format();
        var json = CommonOptions.Json();
        var outputFormat = CommonOptions.OutputFormat();
        var command = new Command("map", "Show which guest ranges hold data (and in which layer) and which read as zeros") { file, format, json, outputFormat };
        CommandAction.Set(command, output, (result, _) => new MapCommand(output).Run(result.GetRequiredValue(file), result.GetValue(format), CommonOptions.WantsJson(result, json, outputFormat)));
        return command;
    }

    public int Run(string file, string? format, bool json)
    {
        using var image = DiskImageOpener.Open(file, writable: false, format);
        var layers = new List<string>();
        for (var layer = image; layer is not null; layer = layer.Backing)
        {
            layers.Add(layer.FilePath);
        }

        var extents = image.GetExtents(0, image.Capacity).Select(e => new MapEntry(
            e.Offset, e.Length, e.Kind == ExtentKind.Data, e.Kind != ExtentKind.Data, e.Depth, e.HostOffset,
            e.Kind == ExtentKind.Data ? layers[e.Depth] : null));
        if (json)
        {
            output.WriteJson(extents.ToList(), CliJsonContext.Default.ListMapEntry);
            return ExitCodes.Success;
        }

        output.WriteLine($"{"Offset",-20}{"Length",-20}{"Mapped to",-20}File");
        foreach (var entry in extents.Where(e => e.Data))
        {
            var mapped = entry.Offset is { } host ? $"0x{host:x}" : "(compressed)";
            output.WriteLine($"0x{entry.Start,-18:x}0x{entry.Length,-18:x}{mapped,-20}{entry.File}");
        }

        return ExitCodes.Success;
    }
}
