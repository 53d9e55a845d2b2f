using System.Text.RegularExpressions;

namespace VirtAppliance.Deployment.Instances;

/// <summary>Instance names double as folder and domain names: letters, digits, '.', '_' and '-', nothing that escapes a folder.</summary>
public static partial class InstanceNames
{
    public static string Validate(string name) =>
        ValidName().IsMatch(name) && name is not ("." or "..")
            ? name
            : throw new ArgumentException($"instance name '{name}' is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

    /// <summary>A default name from an appliance name: invalid characters become '-'.</summary>
    public static string FromAppliance(string appliance)
    {
        var cleaned = InvalidCharacters().Replace(appliance, "-").Trim('-', '.', '_');
        return Validate(cleaned.Length == 0 ? "appliance" : cleaned.Length > 64 ? cleaned[..64] : cleaned);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex InvalidCharacters();
}
