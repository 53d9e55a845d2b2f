using System.CommandLine;
using VirtAppliance.Cli.Output;

namespace VirtAppliance.Cli.Commands.Completion;

/// <summary>
/// <c>__complete LINE</c> (hidden; the shell scripts of <c>completion</c> call it): the words that complete LINE, the
/// command line up to the cursor, one per line. A first line <c>#paths</c> says they are paths.
/// </summary>
internal sealed class CompleteCommand(CommandOutput output)
{
    public const string Name = "__complete";

    public const string PathsMarker = "#paths";

    /// <summary>Spellings the parser accepts that a completion list would only clutter.</summary>
    private static readonly HashSet<string> Unlisted = ["-?", "/?", "/h", "-h"];

    public static Command Build(CommandOutput output)
    {
        var line = new Argument<string>("LINE") { Description = "The command line up to the cursor, the program's name first" };
        var command = new Command(Name, "Print the completions of a command line (for the shell completion scripts)") { line };
        command.Hidden = true;
        CommandAction.Set(command, output, (result, _) => new CompleteCommand(output).Run(result.GetRequiredValue(line)));
        return command;
    }

    public int Run(string line)
    {
        var candidates = Complete(line);
        if (candidates.Count > 0 && candidates.All(candidate => candidate.IsPath))
        {
            output.WriteLine(PathsMarker);
        }

        foreach (var candidate in candidates)
        {
            output.WriteLine(candidate.Text);
        }

        return ExitCodes.Success;
    }

    public sealed record Candidate(string Text, bool IsPath);

    public IReadOnlyList<Candidate> Complete(string line)
    {
        var arguments = OptionValueApart(WithoutProgramName(line));
        var word = CurrentWord(arguments);
        IEnumerable<System.CommandLine.Completions.CompletionItem> completions;
        try
        {
            completions = CliApplication.Build(output).Parse(arguments).GetCompletions(arguments.Length);
        }
        catch (InvalidOperationException)
        {
            // The parser's completion gives up on some half-typed lines; Tab then offers nothing rather than an error.
            return [];
        }

        return completions
            .Where(item => !Unlisted.Contains(item.Label))
            .Where(item => word.StartsWith('-') || !item.Label.StartsWith('-'))
            .Where(item => item.Label.StartsWith(word, StringComparison.Ordinal))
            .Select(item => new Candidate(item.Label, item.Kind == CompletionSources.PathKind))
            .DistinctBy(candidate => candidate.Text)
            .ToList();
    }

    private static string WithoutProgramName(string line)
    {
        var trimmed = line.TrimStart();
        var end = trimmed.IndexOfAny([' ', '\t']);
        return end < 0 ? "" : trimmed[(end + 1)..].TrimStart(' ', '\t');
    }

    private static string CurrentWord(string arguments) => arguments[(arguments.LastIndexOfAny([' ', '\t']) + 1)..];

    /// <summary>--output=j as --output j: the parser's completion fails on the joined spelling.</summary>
    private static string OptionValueApart(string arguments)
    {
        var start = arguments.LastIndexOfAny([' ', '\t']) + 1;
        var equals = arguments.IndexOf('=', start);
        return arguments.AsSpan(start).StartsWith("-") && equals > 0 ? string.Concat(arguments.AsSpan(0, equals), " ", arguments.AsSpan(equals + 1)) : arguments;
    }
}
