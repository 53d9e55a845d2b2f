using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Cli.Commands.Image.Measure;

/// <summary><c>image measure -O FMT SRC</c>: the bytes a conversion needs.</summary>
internal sealed class MeasureCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var source = new Argument<string>("SRC") { Description = "The image to measure" };
        var format = CommonOptions.Format();
        var outputFormat = new Option<string>("-O") { Description = "Output format: raw or qcow2", Required = true };
        var formatOptions = new Option<string[]>("-o") { Description = "qcow2 options: cluster_size, refcount_bits" };
        var json = CommonOptions.Json();
        var jsonOutput = CommonOptions.OutputFormat();
        var command = new Command("measure", "Show how many bytes converting an image would need") { source, format, outputFormat, formatOptions, json, jsonOutput };
        CommandAction.Set(command, output, (result, _) => new MeasureCommand(output).Run(
            result.GetRequiredValue(source), result.GetValue(format), result.GetRequiredValue(outputFormat),
            Qcow2OptionParser.Apply(KeyValueOptions.Parse(result.GetValue(formatOptions) ?? []), new Qcow2CreateOptions { Capacity = 0 }),
            CommonOptions.WantsJson(result, json, jsonOutput)));
        return command;
    }

    public int Run(string source, string? format, string outputFormat, Qcow2CreateOptions qcow2, bool json)
    {
        using var image = DiskImageOpener.Open(source, writable: false, format);
        var estimate = ImageMeasurer.Measure(image, FormatDetector.FromName(outputFormat), qcow2.ClusterSize, qcow2.RefcountBits);
        if (json)
        {
            output.WriteJson(estimate, CliJsonContext.Default.SizeEstimate);
        }
        else
        {
            output.WriteLine($"required size: {estimate.Required}");
            output.WriteLine($"fully allocated size: {estimate.FullyAllocated}");
        }

        return ExitCodes.Success;
    }
}
