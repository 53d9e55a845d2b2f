using System.CommandLine;

namespace VirtAppliance.Cli.Commands.Customize;

/// <summary>--var k=v, and the variables every recipe gets: ${name}, ${hostname} (the name unless given), ${index}.</summary>
internal static class RecipeVariables
{
    public static Option<string[]> Option() => new("--var") { Description = "A recipe variable NAME=VALUE (repeatable); ${name}, ${hostname} and ${index} are given", AllowMultipleArgumentsPerToken = false };

    public static Dictionary<string, string> Parse(IEnumerable<string> assignments, string name, int index)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["hostname"] = name,
            ["index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"--var {assignment}: give NAME=VALUE");
            }

            values[assignment[..equals]] = assignment[(equals + 1)..];
        }

        return values;
    }
}
