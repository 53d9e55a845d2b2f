using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Commands.Customize;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Repositories;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Customization.Seeds;
using VirtAppliance.Interop.KubeVirt;
using VirtAppliance.Interop.Ovf;
using VirtAppliance.Interop.Vagrant;

namespace VirtAppliance.Cli.Commands.Export;

/// <summary>
/// <c>export DESCRIPTOR --to ova|ovf|vagrant|kubevirt -o PATH [--boot ID]</c>: one variant for VMware, VirtualBox and
/// virt-v2v (an OVA or OVF folder), Vagrant (a libvirt box), or KubeVirt (container disks pushed to --registry, a
/// VirtualMachine manifest).
/// </summary>
internal sealed class ExportCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var descriptor = new Argument<string>("DESCRIPTOR") { Description = "The appliance descriptor" }.WithFiles(".xml");
        var to = new Option<string>("--to") { Description = "ova (one tar file), ovf (a folder: .ovf, .mf and disks), vagrant (a .box for the libvirt provider) or kubevirt (container disks and a VirtualMachine manifest)", Required = true };
        to.AcceptOnlyFromAmong("ova", "ovf", "vagrant", "kubevirt");
        var path = new Option<string>("--output", "-o") { Description = "The .ova file, the OVF folder, the .box file, or the VirtualMachine manifest (YAML) to write", Required = true };
        var boot = new Option<string?>("--boot") { Description = "The variant to export (default: the first x86_64 HVM one)" };
        var manifest = new Option<string>("--manifest") { Description = "OVF: the manifest's digest, sha256 or sha1 for old consumers", DefaultValueFactory = _ => "sha256" };
        manifest.AcceptOnlyFromAmong("sha256", "sha1");
        var ovfVersion = new Option<int>("--ovf-version") { Description = "OVF: 1 (what VMware, VirtualBox and virt-v2v read) or 2", DefaultValueFactory = _ => 1 };
        ovfVersion.AcceptOnlyFromAmong("1", "2");
        var registry = new Option<string?>("--registry") { Description = "KubeVirt: oci://HOST[:PORT][/PREFIX] to push the container disks to" };
        var recipe = new Option<string?>("--recipe", "-r") { Description = "KubeVirt: a recipe compiled into the manifest's cloudInitNoCloud volume" }.WithFiles(".yaml", ".yml");
        var variables = RecipeVariableOption.Create();
        var allowHostPath = RecipeVariableOption.AllowHostPath();
        var access = new RegistryOptions();
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("export", "Export an appliance variant as an OVA or OVF package, or for KubeVirt")
        {
            descriptor, to, path, boot, manifest, ovfVersion, registry, recipe, variables, allowHostPath, force, json,
        };
        access.AddTo(command);
        CommandAction.Set(command, output, async (result, cancellation) =>
        {
            var export = new ExportCommand(output);
            var target = result.GetRequiredValue(to);
            if (target == "kubevirt")
            {
                var userData = result.GetValue(recipe) is { } recipeFile
                    ? CloudConfigCompiler.Compile(
                        RecipeReader.Load(recipeFile, RecipeVariables.Parse(result.GetValue(variables) ?? [], Path.GetFileNameWithoutExtension(result.GetRequiredValue(path)), index: 0),
                            RecipeVariableOption.AllowedFolders(result.GetValue(allowHostPath))),
                        Path.GetFileNameWithoutExtension(result.GetRequiredValue(path))).UserData
                    : null;
                var registryUrl = result.GetValue(registry) ?? throw new ArgumentException("--to kubevirt needs --registry oci://HOST[:PORT][/PREFIX] to push the container disks to");
                return await export.KubeVirtAsync(result.GetRequiredValue(descriptor), result.GetRequiredValue(path),
                    new KubeVirtExportOptions(registryUrl, result.GetValue(boot), userData, access.Read(result, output)), result.GetValue(force), result.GetValue(json), cancellation);
            }

            if (target == "vagrant")
            {
                return export.Vagrant(result.GetRequiredValue(descriptor), result.GetRequiredValue(path), result.GetValue(boot), result.GetValue(force), result.GetValue(json), cancellation);
            }

            return export.Ovf(
                result.GetRequiredValue(descriptor), result.GetRequiredValue(path),
                new OvfExportOptions(result.GetValue(boot), target == "ova", result.GetValue(ovfVersion), result.GetRequiredValue(manifest).ToUpperInvariant()),
                result.GetValue(force), result.GetValue(json), cancellation);
        });
        return command;
    }

    public int Ovf(string descriptor, string destination, OvfExportOptions options, bool force, bool json, CancellationToken cancellation)
    {
        OutputPaths.Reserve(destination, force);
        var result = output.WithProgress($"export → {Path.GetFileName(destination)}", json, progress =>
            OvfExporter.Export(descriptor, destination, options, progress, cancellation));
        Warn(result.Warnings);
        if (json)
        {
            output.WriteJson(new ExportReport(result.Path, options.Archive ? "ova" : "ovf", result.VariantId, result.Bytes, [], result.Warnings), CliJsonContext.Default.ExportReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"exported variant {result.VariantId} to {result.Path} ({ByteSize.Format(result.Bytes)})");
        return ExitCodes.Success;
    }

    public int Vagrant(string descriptor, string box, string? boot, bool force, bool json, CancellationToken cancellation)
    {
        OutputPaths.Reserve(box, force);
        var result = output.WithProgress($"export → {Path.GetFileName(box)}", json, progress =>
            VagrantExporter.Export(descriptor, box, boot, progress, cancellation));
        var warnings = result.Warnings.Concat(result.Missing.Select(m => m == VagrantReadiness.NotChecked
            ? m
            : $"the box lacks {m}; examples/vagrant.recipe.yaml adds the vagrant user, its key and sudo (customize the disk, then export again)")).ToList();
        Warn(warnings);
        if (json)
        {
            output.WriteJson(new ExportReport(result.Path, "vagrant", result.VariantId, result.Bytes, [], warnings), CliJsonContext.Default.ExportReport);
            return ExitCodes.Success;
        }

        output.WriteLine($"exported variant {result.VariantId} to {result.Path} ({ByteSize.Format(result.Bytes)}): vagrant box add --name NAME {result.Path}");
        return ExitCodes.Success;
    }

    public async Task<int> KubeVirtAsync(string descriptor, string manifest, KubeVirtExportOptions options, bool force, bool json, CancellationToken cancellation)
    {
        OutputPaths.Reserve(manifest, force);
        var result = await output.WithProgressAsync($"export → {options.Registry}", json, progress =>
            KubeVirtExporter.ExportAsync(descriptor, manifest, options, progress, cancellation));
        Warn(result.Warnings);
        var images = result.Images.Select(i => $"{i.Reference}@{i.ManifestDigest}").ToList();
        if (json)
        {
            output.WriteJson(new ExportReport(result.ManifestPath, "kubevirt", result.VariantId, result.Images.Sum(i => i.LayerBytes), images, result.Warnings), CliJsonContext.Default.ExportReport);
            return ExitCodes.Success;
        }

        foreach (var image in result.Images)
        {
            output.WriteLine($"pushed {image.Reference} ({ByteSize.Format(image.LayerBytes)}, {image.ManifestDigest})");
        }

        output.WriteLine($"wrote {result.ManifestPath}: kubectl apply -f {result.ManifestPath}");
        return ExitCodes.Success;
    }

    private void Warn(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            output.WriteWarning(warning);
        }
    }
}
