using System.Text;
using System.Text.RegularExpressions;

namespace VirtAppliance.Cli.Commands.Manual;

/// <summary>Text made safe for man(7) source, and the bit of Markdown the guides use turned into its fonts.</summary>
internal static partial class Roff
{
    /// <summary>Plain text: backslashes and hyphens escaped, a leading '.' or '\'' kept from being read as a request.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            escaped.Append(rune.Value switch
            {
                '\\' => "\\e",
                '-' => "\\-",
                < 128 => rune.ToString(),
                _ => $"\\[u{rune.Value:X4}]",
            });
        }

        var result = escaped.ToString();
        return result.StartsWith('.') || result.StartsWith('\'') ? "\\&" + result : result;
    }

    public static string Bold(string text) => $"\\fB{Escape(text)}\\fR";

    public static string Italic(string text) => $"\\fI{Escape(text)}\\fR";

    /// <summary>`code` and **strong** in bold, [text](link) as its text; the rest escaped.</summary>
    public static string FromMarkdown(string markdown)
    {
        var builder = new StringBuilder();
        var position = 0;
        foreach (Match match in InlineMarkup().Matches(markdown))
        {
            builder.Append(Escape(markdown[position..match.Index]));
            builder.Append(match.Groups["code"].Success ? Bold(match.Groups["code"].Value)
                : match.Groups["strong"].Success ? Bold(match.Groups["strong"].Value)
                : Escape(match.Groups["text"].Value));
            position = match.Index + match.Length;
        }

        builder.Append(Escape(markdown[position..]));
        var result = builder.ToString();
        return result.StartsWith("\\&", StringComparison.Ordinal) || !(result.StartsWith('.') || result.StartsWith('\'')) ? result : "\\&" + result;
    }

    // Each alternative is bounded by a character class that excludes its closing delimiter: linear time.
    [GeneratedRegex(@"`(?<code>[^`\n]+)`|\*\*(?<strong>[^*\n]+)\*\*|\[(?<text>[^\]\n]+)\]\([^)\n]*\)")]
    private static partial Regex InlineMarkup();
}
