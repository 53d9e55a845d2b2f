using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Inspection;

namespace VirtAppliance.Cli.Commands.Image.Info;

/// <summary><c>image info FILE</c>: format, sizes, cluster size, compression and backing chain.</summary>
internal sealed class InfoCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string>("FILE") { Description = "The image" };
        var format = CommonOptions.Format();
        var json = CommonOptions.Json();
        var outputFormat = CommonOptions.OutputFormat();
        var command = new Command("info", "Show an image's format, sizes, cluster size, compression and backing chain") { file, format, json, outputFormat };
        CommandAction.Set(command, output, (result, _) =>
            new InfoCommand(output).Run(result.GetRequiredValue(file), result.GetValue(format), CommonOptions.WantsJson(result, json, outputFormat)));
        return command;
    }

    public int Run(string file, string? format, bool json)
    {
        using var image = DiskImageOpener.Open(file, writable: false, format);
        var description = ImageInspector.Describe(image);
        if (json)
        {
            output.WriteJson(description, CliJsonContext.Default.ImageDescription);
            return ExitCodes.Success;
        }

        for (var layer = description; layer is not null; layer = layer.Backing)
        {
            if (layer != description)
            {
                output.WriteLine();
            }

            WriteLayer(layer);
        }

        return ExitCodes.Success;
    }

    private void WriteLayer(ImageDescription layer)
    {
        output.WriteLine($"image: {layer.Filename}");
        output.WriteLine($"file format: {layer.Format}");
        output.WriteLine($"virtual size: {ByteSize.Format(layer.VirtualSize)} ({layer.VirtualSize} bytes)");
        output.WriteLine($"disk size: {ByteSize.Format(layer.ActualSize)}");
        if (layer.ClusterSize is { } clusterSize)
        {
            output.WriteLine($"cluster_size: {clusterSize}");
        }

        if (layer.BackingFilename is { } backing)
        {
            output.WriteLine($"backing file: {backing} (actual path: {layer.FullBackingFilename})");
            output.WriteLine($"backing file format: {layer.BackingFilenameFormat}");
        }

        if (layer.Compat is null)
        {
            return;
        }

        output.WriteLine("Format specific information:");
        output.WriteLine($"    compat: {layer.Compat}");
        output.WriteLine($"    compression type: {layer.CompressionType}");
        output.WriteLine($"    lazy refcounts: {Flag(layer.LazyRefcounts)}");
        output.WriteLine($"    refcount bits: {layer.RefcountBits}");
        output.WriteLine($"    corrupt: {Flag(layer.Corrupt)}");
        output.WriteLine($"    extended l2: {Flag(layer.ExtendedL2)}");
        output.WriteLine($"    dirty: {Flag(layer.DirtyFlag)}");
        output.WriteLine($"    snapshots: {layer.Snapshots}");
    }

    private static string Flag(bool? value) => value == true ? "true" : "false";
}
