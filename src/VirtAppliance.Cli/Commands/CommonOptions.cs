using System.CommandLine;

namespace VirtAppliance.Cli.Commands;

/// <summary>Option shapes several commands share; each command gets its own instance.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON" };

    public static Option<string?> Format(string name = "-f", string description = "Format of the image instead of detecting it from its content") =>
        new(name) { Description = description };

    public static Option<bool> Force() => new("--force") { Description = "Replace the output file if it exists" };
}
