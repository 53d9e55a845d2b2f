using System.CommandLine;

namespace VirtAppliance.Cli.Commands.Customize;

/// <summary>--var NAME=VALUE, shared by customize, seed and deploy.</summary>
internal static class RecipeVariableOption
{
    public static Option<string[]> Create() => new("--var") { Description = "A recipe variable NAME=VALUE (repeatable); ${name}, ${hostname} and ${index} are given", AllowMultipleArgumentsPerToken = false };
}
