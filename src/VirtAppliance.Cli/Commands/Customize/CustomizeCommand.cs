using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Output;
using VirtAppliance.Customization;
using VirtAppliance.Customization.Recipes;

namespace VirtAppliance.Cli.Commands.Customize;

/// <summary>
/// <c>customize IMAGE --recipe FILE</c>: applies a recipe offline to the guest filesystem inside a raw or qcow2 image
/// (an overlay's base is never written), without root, loop devices or a helper VM.
/// </summary>
internal sealed class CustomizeCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var image = new Argument<string>("IMAGE") { Description = "The disk image to change (raw or qcow2, e.g. an instance's overlay)" };
        var recipe = new Option<string>("--recipe", "-r") { Description = "The recipe (YAML, docs/customize.md)", Required = true }.WithFiles(".yaml", ".yml");
        var variables = RecipeVariableOption.Create();
        var allowHostPath = RecipeVariableOption.AllowHostPath();
        var partition = new Option<int?>("--partition") { Description = "Partition number to change (default: the root filesystem; else the only FAT filesystem)" };
        var mode = new Option<string>("--mode") { Description = "offline: change the image now (default); firstboot: leave the image alone and write IMAGE's NoCloud seed (NAME-seed.iso beside it) for cloud-init to apply at first boot", DefaultValueFactory = _ => "offline" };
        mode.AcceptOnlyFromAmong("offline", "firstboot");
        var json = CommonOptions.Json();
        var command = new Command("customize", "Apply a customization recipe to an image, offline or at first boot") { image, recipe, variables, allowHostPath, partition, mode, json };
        CommandAction.Set(command, output, (result, cancellation) => new CustomizeCommand(output).Run(
            result.GetRequiredValue(image), result.GetRequiredValue(recipe), result.GetValue(variables) ?? [], RecipeVariableOption.AllowedFolders(result.GetValue(allowHostPath)), result.GetValue(partition),
            result.GetValue(mode) == "firstboot", result.GetValue(json), cancellation));
        return command;
    }

    public int Run(string image, string recipeFile, string[] variables, IReadOnlyList<string> allowedHostPaths, int? partition, bool firstBoot, bool json, CancellationToken cancellation)
    {
        var name = Path.GetFileNameWithoutExtension(image);
        var recipe = RecipeReader.Load(recipeFile, RecipeVariables.Parse(variables, name, index: 0), allowedHostPaths);
        if (firstBoot)
        {
            if (!File.Exists(image))
            {
                throw new FileNotFoundException($"{image}: no such image", image);
            }

            var seedPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(image))!, name + "-seed.iso");
            var seed = Customization.Seeds.CloudConfigCompiler.Compile(recipe, name);
            Customization.Seeds.SeedWriter.Write(seed, seedPath, vfat: false, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            if (json)
            {
                output.WriteJson(new FirstBootReport(image, "firstboot", seedPath, seed.InstanceId), CliJsonContext.Default.FirstBootReport);
            }
            else
            {
                output.WriteLine($"{image}: unchanged; {recipe.Operations.Count} operations for cloud-init at first boot in {seedPath} (attach it as a CD-ROM)");
            }

            return ExitCodes.Success;
        }

        var result = Customizer.Apply(image, recipe, partition, cancellation);
        if (json)
        {
            var report = new CustomizeReport(image, result.Partition, result.Operations, result.BytesWritten, result.Elapsed.TotalSeconds);
            output.WriteJson(report, CliJsonContext.Default.CustomizeReport);
        }
        else
        {
            output.WriteLine($"{image}: {result.Operations} operations applied to partition {result.Partition}, {ByteSize.Format(result.BytesWritten)} written in {result.Elapsed.TotalSeconds:0.00} s");
        }

        return ExitCodes.Success;
    }
}
