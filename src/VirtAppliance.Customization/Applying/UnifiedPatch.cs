using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtAppliance.Customization.Applying;

/// <summary>
/// A unified diff for one file, applied with exact context (hunks may move, never fuzz). A patch whose every hunk is
/// already in the text (it applies in reverse) counts as applied, so recipes stay repeatable.
/// </summary>
public sealed partial class UnifiedPatch
{
    private readonly List<Hunk> _hunks;

    private UnifiedPatch(List<Hunk> hunks) => _hunks = hunks;

    private sealed record Hunk(int OldStart, string Header, List<string> Old, List<string> New);

    public static UnifiedPatch Parse(string diff)
    {
        var hunks = new List<Hunk>();
        Hunk? current = null;
        var files = 0;
        var lines = diff.Replace("\r\n", "\n").Split('\n');
        foreach (var raw in diff.EndsWith('\n') ? lines[..^1] : lines)
        {
            var header = HunkHeader().Match(raw);
            if (header.Success)
            {
                if (!int.TryParse(header.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var oldStart))
                {
                    throw new InvalidDataException($"hunk {raw} starts at line {header.Groups[1].Value}, past any file");
                }

                current = new Hunk(oldStart, raw, [], []);
                hunks.Add(current);
                continue;
            }

            if (raw.StartsWith("--- ", StringComparison.Ordinal) && (current is null || current.Old.Count > 0 || current.New.Count > 0))
            {
                files++;
                current = null;
                continue;
            }

            if (current is null || raw.StartsWith('\\'))
            {
                continue;
            }

            switch (raw.Length == 0 ? ' ' : raw[0])
            {
                case ' ':
                    current.Old.Add(raw.Length == 0 ? "" : raw[1..]);
                    current.New.Add(raw.Length == 0 ? "" : raw[1..]);
                    break;
                case '-':
                    current.Old.Add(raw[1..]);
                    break;
                case '+':
                    current.New.Add(raw[1..]);
                    break;
                default:
                    current = null;
                    break;
            }
        }

        if (files > 1)
        {
            throw new InvalidDataException("the diff changes more than one file; give one patch operation per file");
        }

        if (hunks.Count == 0)
        {
            throw new InvalidDataException("no hunks (@@ -a,b +c,d @@) in the diff");
        }

        return new UnifiedPatch(hunks);
    }

    /// <summary>The patched text; unchanged when the patch is already applied. Throws InvalidDataException showing the hunk that does not apply.</summary>
    public string Apply(string text)
    {
        var lines = Lines(text, out var finalNewline);
        // Checked first: a hunk that only adds lines would otherwise apply again below its own result.
        if (TryApply(lines, reverse: true) is not null)
        {
            return text;
        }

        if (TryApply(lines, reverse: false) is { } patched)
        {
            return Join(patched, finalNewline);
        }

        var failing = FirstFailing(lines);
        throw new InvalidDataException($"hunk {failing.Header} does not apply (its context is not in the file):\n" +
            string.Join('\n', failing.Old.Select(l => " " + l)));
    }

    private List<string>? TryApply(List<string> lines, bool reverse)
    {
        var result = new List<string>(lines);
        var delta = 0;
        foreach (var hunk in _hunks)
        {
            var (old, replacement) = reverse ? (hunk.New, hunk.Old) : (hunk.Old, hunk.New);
            var at = Find(result, old, Math.Max(0, hunk.OldStart - 1 + delta));
            if (at < 0)
            {
                return null;
            }

            result.RemoveRange(at, old.Count);
            result.InsertRange(at, replacement);
            delta += replacement.Count - old.Count;
        }

        return result;
    }

    private Hunk FirstFailing(List<string> lines) => _hunks.FirstOrDefault(h => Find(lines, h.Old, Math.Max(0, h.OldStart - 1)) < 0) ?? _hunks[0];

    /// <summary>The position of old's lines nearest to the expected one, or -1.</summary>
    private static int Find(List<string> lines, List<string> old, int expected)
    {
        for (var distance = 0; distance <= lines.Count; distance++)
        {
            foreach (var at in new[] { expected - distance, expected + distance }.Distinct())
            {
                if (at >= 0 && at + old.Count <= lines.Count && old.Select((line, i) => lines[at + i] == line).All(match => match))
                {
                    return at;
                }
            }
        }

        return -1;
    }

    private static List<string> Lines(string text, out bool finalNewline)
    {
        finalNewline = text.EndsWith('\n');
        var lines = text.Split('\n').ToList();
        if (finalNewline || text.Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static string Join(List<string> lines, bool finalNewline) =>
        string.Join('\n', lines) + (finalNewline || lines.Count > 0 ? "\n" : "");

    [GeneratedRegex(@"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")]
    private static partial Regex HunkHeader();
}
