using System.CommandLine;

namespace VirtAppliance.Cli;

/// <summary>
/// Clearer messages than the parser's for the two usual slips: an option the command does not have (the parser would
/// take it for an argument and blame the next word), and a mistyped command (the nearest name is suggested).
/// </summary>
internal static class UsageErrors
{
    private const string Root = "virt-appliance";

    public static string? Explain(ParseResult result, IReadOnlyList<string> args)
    {
        var command = result.CommandResult.Command;
        var path = Path(result.CommandResult);

        // A mistyped first word: the parser may have matched a later word as a command ("imge info x" as "info").
        var root = result.RootCommandResult.Command;
        if (args.FirstOrDefault(a => !a.StartsWith('-')) is { } first && root.Subcommands.Count > 0
            && !root.Subcommands.Any(c => c.Name == first || c.Aliases.Contains(first)))
        {
            return UnknownCommand(root.Subcommands, first, Root);
        }
        var known = new HashSet<string>(StringComparer.Ordinal) { "--help", "-h", "-?", "--version" };
        for (var current = result.CommandResult; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            foreach (var option in current.Command.Options.Where(o => ReferenceEquals(current, result.CommandResult) || o.Recursive))
            {
                known.Add(option.Name);
                known.UnionWith(option.Aliases);
            }
        }

        foreach (var token in args.TakeWhile(a => a != "--"))
        {
            if (token.Length > 1 && token[0] == '-' && !double.TryParse(token, out _))
            {
                var name = token.Split('=', 2)[0];
                if (!known.Contains(name))
                {
                    return path == Root
                        ? $"unknown option '{name}' (see 'virt-appliance --help')"
                        : $"unknown option '{name}' for '{path}' (see 'virt-appliance {path} --help')";
                }
            }
        }

        if (command.Subcommands.Count > 0 && result.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } word)
        {
            return UnknownCommand(command.Subcommands, word, path);
        }

        return null;
    }

    private static string UnknownCommand(IEnumerable<Command> commands, string word, string path)
    {
        var nearest = commands.Select(c => c.Name).MinBy(name => Distance(name, word));
        var hint = nearest is not null && Distance(nearest, word) <= Math.Max(2, word.Length / 3) ? $"; did you mean '{nearest}'?" : "";
        return path == Root
            ? $"unknown command '{word}'{hint} (see 'virt-appliance --help')"
            : $"unknown command '{word}' for '{path}'{hint} (see 'virt-appliance {path} --help')";
    }

    private static string Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current?.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Insert(0, current.Command.Name);
        }

        return names.Count == 0 ? Root : string.Join(' ', names);
    }

    /// <summary>Levenshtein distance: edits from one word to the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
