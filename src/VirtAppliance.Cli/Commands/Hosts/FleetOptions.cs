using System.CommandLine;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Fleet.Survey;

namespace VirtAppliance.Cli.Commands.Hosts;

/// <summary>Options the fleet commands share.</summary>
internal static class FleetOptions
{
    public static Option<string[]> Labels(string description) => new("--label") { Description = description };

    public static Option<int> Timeout() =>
        new("--host-timeout") { Description = "Seconds to wait for each host to answer", DefaultValueFactory = _ => (int)HostSurvey.DefaultTimeout.TotalSeconds };

    public static IReadOnlyDictionary<string, string> ParseLabels(string[]? labels)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels ?? [])
        {
            var (key, value) = HostInventory.ParseLabel(label);
            parsed[key] = value;
        }

        return parsed;
    }
}
