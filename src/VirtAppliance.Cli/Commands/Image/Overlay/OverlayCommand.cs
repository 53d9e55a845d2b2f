using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Cli.Commands.Image.Overlay;

/// <summary><c>image overlay BASE NEW</c>: a qcow2 copy-on-write layer over BASE, which is never written.</summary>
internal sealed class OverlayCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var baseImage = new Argument<string>("BASE") { Description = "The shared base image (any supported format)" };
        var overlay = new Argument<string>("NEW") { Description = "The qcow2 overlay to create" };
        var baseFormat = CommonOptions.Format("-F", "Format of BASE instead of detecting it");
        var formatOptions = new Option<string[]>("-o") { Description = "qcow2 options: cluster_size, refcount_bits, lazy_refcounts" };
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var outputFormat = CommonOptions.OutputFormat();
        var command = new Command("overlay", "Create a qcow2 copy-on-write overlay whose backing file is BASE") { baseImage, overlay, baseFormat, formatOptions, force, json, outputFormat };
        CommandAction.Set(command, output, (result, _) => new OverlayCommand(output).Run(
            result.GetRequiredValue(baseImage), result.GetRequiredValue(overlay), result.GetValue(baseFormat),
            KeyValueOptions.Parse(result.GetValue(formatOptions) ?? []), result.GetValue(force), CommonOptions.WantsJson(result, json, outputFormat)));
        return command;
    }

    public int Run(string basePath, string overlayPath, string? baseFormat, IReadOnlyDictionary<string, string> formatOptions, bool force, bool json)
    {
        using var backing = DiskImageOpener.Open(basePath, writable: false, baseFormat);
        var backingName = BackingName(basePath, overlayPath);
        var options = Qcow2OptionParser.Apply(formatOptions, new Qcow2CreateOptions { Capacity = backing.Capacity }) with
        {
            Capacity = backing.Capacity,
            BackingFile = backingName,
            BackingFormat = backing.Format.Name,
        };
        AtomicOutput.Write(overlayPath, force, temporary =>
        {
            using var image = Qcow2Image.Create(temporary, options);
        });
        if (json)
        {
            output.WriteJson(new OverlayReport(overlayPath, backingName, backing.Format.Name, backing.Capacity), CliJsonContext.Default.OverlayReport);
        }

        return ExitCodes.Success;
    }

    /// <summary>A relative base stays relative to the overlay's folder (so both can move together); an absolute one stays absolute.</summary>
    private static string BackingName(string basePath, string overlayPath)
    {
        if (Path.IsPathRooted(basePath))
        {
            return basePath;
        }

        var overlayFolder = Path.GetDirectoryName(Path.GetFullPath(overlayPath)) ?? ".";
        return Path.GetRelativePath(overlayFolder, Path.GetFullPath(basePath));
    }
}
