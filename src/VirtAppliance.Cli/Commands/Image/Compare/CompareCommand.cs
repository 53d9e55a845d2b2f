using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Inspection;

namespace VirtAppliance.Cli.Commands.Image.Compare;

/// <summary><c>image compare A B</c>: exit 0 identical, 1 different, 2 error (as qemu-img compare).</summary>
internal sealed class CompareCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var first = new Argument<string>("A") { Description = "First image" };
        var second = new Argument<string>("B") { Description = "Second image" };
        var firstFormat = CommonOptions.Format("-f", "Format of A instead of detecting it");
        var secondFormat = CommonOptions.Format("-F", "Format of B instead of detecting it");
        var json = CommonOptions.Json();
        var outputFormat = CommonOptions.OutputFormat();
        var command = new Command("compare", "Compare the guest contents of two images (exit 0 identical, 1 different, 2 error)") { first, second, firstFormat, secondFormat, json, outputFormat };
        command.SetAction(async (result, cancellationToken) =>
        {
            var exitCode = await CommandAction.GuardAsync(output, result, cancellationToken, (r, token) => Task.FromResult(new CompareCommand(output).Run(
                r.GetRequiredValue(first), r.GetRequiredValue(second), r.GetValue(firstFormat), r.GetValue(secondFormat), CommonOptions.WantsJson(r, json, outputFormat), token)));
            return exitCode is ExitCodes.Success or ExitCodes.Negative or ExitCodes.Interrupted ? exitCode : ExitCodes.CompareError;
        });
        return command;
    }

    public int Run(string first, string second, string? firstFormat, string? secondFormat, bool json, CancellationToken cancellationToken)
    {
        using var a = DiskImageOpener.Open(first, writable: false, firstFormat);
        using var b = DiskImageOpener.Open(second, writable: false, secondFormat);
        var result = output.WithProgress("compare", json, progress => ImageComparer.Compare(a, b, progress, cancellationToken));
        if (json)
        {
            output.WriteJson(result, CliJsonContext.Default.CompareResult);
        }
        else
        {
            if (result.SizeMismatch)
            {
                output.WriteLine("Warning: Image size mismatch!");
            }

            output.WriteLine(result.Identical ? "Images are identical." : $"Content mismatch at offset {result.MismatchOffset}!");
        }

        return result.Identical ? ExitCodes.Success : ExitCodes.Negative;
    }
}
