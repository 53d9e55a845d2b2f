using System.Text.RegularExpressions;

namespace VirtAppliance.Descriptors.Reading;

/// <summary>virt-image's architecture normalisation: i[3-9]86 → i686, amd64 → x86_64.</summary>
internal static partial class ArchNames
{
    public static string Normalize(string arch)
    {
        var trimmed = arch.Trim();
        if (X86Pattern().IsMatch(trimmed))
        {
            return "i686";
        }

        return trimmed switch
        {
            "amd64" or "x86-64" => "x86_64",
            "arm64" => "aarch64",
            _ => trimmed,
        };
    }

    [GeneratedRegex("^i[3-9]86$")]
    private static partial Regex X86Pattern();
}
