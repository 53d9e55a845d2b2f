using System.CommandLine;
using System.Globalization;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages.Inspection;

namespace VirtAppliance.Cli.Commands.Image.Check;

/// <summary><c>image check FILE</c>: refcounts, overlaps, leaks, entries beyond the end; exit codes as qemu-img check.</summary>
internal sealed class CheckCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var file = new Argument<string>("FILE") { Description = "The image to check" };
        var format = CommonOptions.Format();
        var json = CommonOptions.Json();
        var outputFormat = CommonOptions.OutputFormat();
        var command = new Command("check", "Check an image's metadata for corruptions and leaks (exit 0 clean, 2 corrupt, 3 leaks, 1 check failed, 63 not checkable)") { file, format, json, outputFormat };
        command.SetAction((result, _) => Task.FromResult(new CheckCommand(output).Run(result.GetRequiredValue(file), result.GetValue(format), CommonOptions.WantsJson(result, json, outputFormat), result.GetValue(CliApplication.VerboseOption))));
        return command;
    }

    public int Run(string file, string? format, bool json, bool verbose)
    {
        ImageCheckResult result;
        try
        {
            result = ImageChecker.Check(file, format);
        }
        catch (NotSupportedException exception)
        {
            output.WriteError(exception.Message);
            return ExitCodes.CheckNotSupported;
        }
        catch (Exception exception) when (ErrorPolicy.IsExpected(exception))
        {
            output.WriteError($"{ErrorPolicy.Describe(exception)} (check not completed)");
            if (verbose)
            {
                output.Error.WriteLine(exception.ToString());
            }

            return ExitCodes.Negative;
        }

        if (json)
        {
            output.WriteJson(result, CliJsonContext.Default.ImageCheckResult);
        }
        else
        {
            WriteText(result);
        }

        return result.Corruptions > 0 || result.CheckErrors > 0 ? ExitCodes.CheckCorruptions
            : result.Leaks > 0 ? ExitCodes.CheckLeaks
            : ExitCodes.Success;
    }

    private void WriteText(ImageCheckResult result)
    {
        foreach (var problem in result.Problems)
        {
            output.WriteLine(problem);
        }

        if (result.IsClean)
        {
            output.WriteLine("No errors were found on the image.");
        }
        else
        {
            if (result.Corruptions > 0)
            {
                output.WriteLine($"{result.Corruptions} errors were found on the image.");
                output.WriteLine("Data may be corrupted, or further writes to the image may corrupt it.");
            }

            if (result.Leaks > 0)
            {
                output.WriteLine($"{result.Leaks} leaked clusters were found on the image.");
                output.WriteLine("This means waste of disk space, but no harm to data.");
            }
        }

        if (result.TotalClusters > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.AllocatedClusters}/{result.TotalClusters} = {Percent(result.AllocatedClusters, result.TotalClusters)}% allocated, {Percent(result.FragmentedClusters, result.AllocatedClusters)}% fragmented, {Percent(result.CompressedClusters, result.AllocatedClusters)}% compressed clusters"));
        }

        output.WriteLine($"Image end offset: {result.ImageEndOffset}");
    }

    private static string Percent(long part, long whole) =>
        (whole == 0 ? 0 : 100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture);
}
