using System.Globalization;

namespace VirtAppliance.Customization.Recipes;

/// <summary>The variables a recipe gets: ${name}, ${hostname} (the name unless given), ${index}, and NAME=VALUE assignments.</summary>
public static class RecipeVariables
{
    public static Dictionary<string, string> Parse(IEnumerable<string> assignments, string name, int index)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["hostname"] = name,
            ["index"] = index.ToString(CultureInfo.InvariantCulture),
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
