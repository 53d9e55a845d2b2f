using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;
using VirtAppliance.Cli.Commands.Customize;
using VirtAppliance.Cli.Output;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Customization.Seeds;

namespace VirtAppliance.Cli.Commands.Seed;

/// <summary><c>seed --recipe FILE -o SEED.iso</c>: the recipe compiled into a cloud-init NoCloud seed, for guests that run cloud-init.</summary>
internal sealed class SeedCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var recipe = new Option<string>("--recipe", "-r") { Description = "The recipe (YAML, docs/customize.md)", Required = true }.WithFiles(".yaml", ".yml");
        var target = new Option<string>("--output", "-o") { Description = "The seed file to write (ISO 9660 unless --vfat)", Required = true };
        var name = new Option<string?>("--name", "-n") { Description = "Instance name: ${name}, the default host name, part of the instance-id (default: the seed's file name)" };
        var vfat = new Option<bool>("--vfat") { Description = "Write a FAT image instead of ISO 9660" };
        var variables = RecipeVariableOption.Create();
        var allowHostPath = RecipeVariableOption.AllowHostPath();
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("seed", "Compile a recipe into a cloud-init NoCloud seed (label cidata)") { recipe, target, name, vfat, variables, allowHostPath, force, json };
        CommandAction.Set(command, output, (result, cancellation) => new SeedCommand(output).Run(
            result.GetRequiredValue(recipe), result.GetRequiredValue(target), result.GetValue(name), result.GetValue(vfat), result.GetValue(variables) ?? [],
            RecipeVariableOption.AllowedFolders(result.GetValue(allowHostPath)), result.GetValue(force), result.GetValue(json)));
        return command;
    }

    public int Run(string recipeFile, string target, string? name, bool vfat, string[] variables, IReadOnlyList<string> allowedHostPaths, bool force, bool json)
    {
        if (File.Exists(target) && !force)
        {
            throw new OutputExistsException(target);
        }

        var instance = name ?? Path.GetFileNameWithoutExtension(target);
        var recipe = RecipeReader.Load(recipeFile, RecipeVariables.Parse(variables, instance, index: 0), allowedHostPaths);
        var seed = CloudConfigCompiler.Compile(recipe, instance);
        var epoch = long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var given) ? given : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        SeedWriter.Write(seed, target, vfat, epoch);
        if (json)
        {
            output.WriteJson(new SeedReport(target, seed.InstanceId, vfat ? "vfat" : "iso9660", SeedWriter.Label), CliJsonContext.Default.SeedReport);
        }
        else
        {
            output.WriteLine($"{target}: cloud-init NoCloud seed ({(vfat ? "vfat" : "ISO 9660")}, label {SeedWriter.Label}, instance-id {seed.InstanceId})");
        }

        return ExitCodes.Success;
    }
}
