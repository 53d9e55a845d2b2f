using System.CommandLine;
using VirtAppliance.Cli.Commands.Completion;

namespace VirtAppliance.Cli.Commands;

/// <summary>Option shapes several commands share; each command gets its own instance.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON" };

    /// <summary>qemu-img's --output=json|human, for the image commands (json is --json).</summary>
    public static Option<string?> OutputFormat()
    {
        var option = new Option<string?>("--output") { Description = "json or human, as qemu-img takes it (--output=json is --json)" };
        option.AcceptOnlyFromAmong("json", "human");
        return option;
    }

    public static bool WantsJson(ParseResult result, Option<bool> json, Option<string?> outputFormat) =>
        result.GetValue(json) || result.GetValue(outputFormat) == "json";

    public static Option<string?> Format(string name = "-f", string description = "Format of the image instead of detecting it from its content") =>
        new Option<string?>(name) { Description = description }.WithImageFormats();

    public static Option<bool> Force() => new("--force") { Description = "Replace the output file if it exists" };

    public static Option<bool> Live() => new("--live") { Description = "Change the running guest only (gone at its next stop)" };

    public static Option<bool> Config() => new("--config") { Description = "Change the definition only (from the next start)" };

    /// <summary>--live, --config, or both (the default, as virsh's --live --config).</summary>
    public static Deployment.Hardware.ChangeScope Scope(ParseResult result, Option<bool> live, Option<bool> config) =>
        (result.GetValue(live), result.GetValue(config)) switch
        {
            (true, false) => Deployment.Hardware.ChangeScope.Live,
            (false, true) => Deployment.Hardware.ChangeScope.Config,
            _ => Deployment.Hardware.ChangeScope.Both,
        };
}
