using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.Interop.Ovf;

namespace VirtAppliance.Cli.Commands.Export;

/// <summary><c>export DESCRIPTOR --to ova|ovf -o PATH [--boot ID]</c>: one variant for VMware, VirtualBox and virt-v2v.</summary>
internal sealed class ExportCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor" };
        var to = new Option<string>("--to") { Description = "ova (one tar file) or ovf (a folder: .ovf, .mf and disks)", Required = true };
        to.AcceptOnlyFromAmong("ova", "ovf");
        var path = new Option<string>("--output", "-o") { Description = "The .ova file or the OVF folder to write", Required = true };
        var boot = new Option<string?>("--boot") { Description = "The variant to export (default: the first x86_64 HVM one)" };
        var manifest = new Option<string>("--manifest") { Description = "The manifest's digest: sha256, or sha1 for old consumers", DefaultValueFactory = _ => "sha256" };
        manifest.AcceptOnlyFromAmong("sha256", "sha1");
        var ovfVersion = new Option<int>("--ovf-version") { Description = "1 (what VMware, VirtualBox and virt-v2v read) or 2", DefaultValueFactory = _ => 1 };
        ovfVersion.AcceptOnlyFromAmong("1", "2");
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("export", "Export an appliance variant as an OVA or OVF package") { descriptor, to, path, boot, manifest, ovfVersion, force, json };
        CommandAction.Set(command, output, (result, cancellation) => Task.FromResult(new ExportCommand(output).Run(
            result.GetRequiredValue(descriptor), result.GetRequiredValue(path),
            new OvfExportOptions(result.GetValue(boot), result.GetRequiredValue(to) == "ova", result.GetValue(ovfVersion), result.GetRequiredValue(manifest).ToUpperInvariant()),
            result.GetValue(force), result.GetValue(json), cancellation)));
        return command;
    }

    public int Run(string descriptor, string destination, OvfExportOptions options, bool force, bool json, CancellationToken cancellation)
    {
        OutputPaths.Reserve(destination, force);
        var result = output.WithProgress($"export → {Path.GetFileName(destination)}", json, progress =>
            OvfExporter.Export(descriptor, destination, options, progress, cancellation));
        foreach (var warning in result.Warnings)
        {
            output.WriteWarning(warning);
        }

        if (json)
        {
            output.WriteJson(new ExportReport(result.Path, options.Archive ? "ova" : "ovf", result.VariantId, result.Bytes, result.Warnings), CliJsonContext.Default.ExportReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"exported variant {result.VariantId} to {result.Path} ({ByteSize.Format(result.Bytes)})");
        return ExitCodes.Success;
    }
}
