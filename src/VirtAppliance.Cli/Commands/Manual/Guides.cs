using System.Reflection;

namespace VirtAppliance.Cli.Commands.Manual;

/// <summary>
/// The user guides of docs/, built into the executable, as far as the manual pages quote them: a guide's opening
/// paragraph and the exit code tables.
/// </summary>
internal static class Guides
{
    /// <summary>The guide each command is explained in (docs/NAME.md); commands not listed have none of their own.</summary>
    public static IReadOnlyDictionary<string, string> ByCommand { get; } = new Dictionary<string, string>
    {
        ["image"] = "formats.md",
        ["check"] = "descriptor.md",
        ["validate"] = "descriptor.md",
        ["probe"] = "descriptor.md",
        ["deploy"] = "deploy.md",
        ["list"] = "deploy.md",
        ["status"] = "deploy.md",
        ["start"] = "deploy.md",
        ["stop"] = "deploy.md",
        ["console"] = "deploy.md",
        ["ssh"] = "deploy.md",
        ["undeploy"] = "deploy.md",
        ["reconcile"] = "deploy.md",
        ["hardware"] = "hardware.md",
        ["set"] = "hardware.md",
        ["attach"] = "hardware.md",
        ["detach"] = "hardware.md",
        ["hosts"] = "fleet.md",
        ["migrate"] = "fleet.md",
        ["key"] = "repository.md",
        ["registry"] = "repository.md",
        ["publish"] = "repository.md",
        ["search"] = "repository.md",
        ["info"] = "repository.md",
        ["pull"] = "repository.md",
        ["cache"] = "repository.md",
        ["repo"] = "repository.md",
        ["build"] = "build.md",
        ["customize"] = "customize.md",
        ["seed"] = "customize.md",
        ["export"] = "interop.md",
        ["import"] = "interop.md",
    };

    public static string Read(string guide)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("docs/" + guide)
            ?? throw new InvalidOperationException($"docs/{guide} is not built into the executable");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The first paragraph of prose: not a heading, code block, table or list.</summary>
    public static string OpeningParagraph(string markdown)
    {
        var paragraph = new List<string>();
        var inCode = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            var isProse = !inCode && line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('|') && !line.StartsWith("- ", StringComparison.Ordinal) && !line.StartsWith(' ');
            if (isProse)
            {
                paragraph.Add(line.Trim());
            }
            else if (paragraph.Count > 0)
            {
                break;
            }
        }

        return string.Join(' ', paragraph);
    }

    /// <summary>The rows (code, meaning) of the first table under the first ## heading that <paramref name="heading"/> accepts.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> ExitCodes(string markdown, Func<string, bool> heading)
    {
        var rows = new List<(string, string)>();
        var inSection = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (inSection && rows.Count > 0)
                {
                    break;
                }

                inSection = heading(line[3..].Trim());
                continue;
            }

            if (inSection && line.StartsWith('|') && line.Split('|') is [_, var code, var meaning, ..] && int.TryParse(code.Trim(), out _))
            {
                rows.Add((code.Trim(), meaning.Trim()));
            }
            else if (inSection && rows.Count > 0 && !line.StartsWith('|'))
            {
                break;
            }
        }

        return rows;
    }
}
