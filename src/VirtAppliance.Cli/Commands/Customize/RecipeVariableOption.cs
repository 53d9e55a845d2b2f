using System.CommandLine;

namespace VirtAppliance.Cli.Commands.Customize;

/// <summary>--var NAME=VALUE, shared by customize, seed and deploy.</summary>
internal static class RecipeVariableOption
{
    public static Option<string[]> Create() => new("--var") { Description = "A recipe variable NAME=VALUE (repeatable); ${name}, ${hostname} and ${index} are given", AllowMultipleArgumentsPerToken = false };

    /// <summary>--allow-host-path DIR, shared by the same commands.</summary>
    public static Option<string[]> AllowHostPath() =>
        new("--allow-host-path") { Description = "A host folder the recipe may read files from besides its own folder (repeatable)", AllowMultipleArgumentsPerToken = false };

    public static IReadOnlyList<string> AllowedFolders(string[]? given) => (given ?? []).Select(Path.GetFullPath).ToList();
}
