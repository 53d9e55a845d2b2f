using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.Cli.Repositories;

namespace VirtAppliance.Cli.Commands.Search;

/// <summary><c>search [TEXT]</c>: appliances whose name, label or description contains TEXT, in every repository read.</summary>
internal sealed class SearchCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var text = new Argument<string?>("TEXT") { Description = "Part of a name, label or description (default: list everything)", Arity = ArgumentArity.ZeroOrOne };
        var repositories = new RepositoryOptions();
        var json = CommonOptions.Json();
        var command = new Command("search", "Find appliances in repositories") { text, json };
        repositories.AddTo(command);
        CommandAction.Set(command, output, (result, cancellation) => new SearchCommand(output).RunAsync(
            result.GetValue(text), repositories.Read(result, output), result.GetValue(json), cancellation));
        return command;
    }

    public async Task<int> RunAsync(string? text, RepositoryAccess access, bool json, CancellationToken cancellation)
    {
        var rows = new List<SearchRow>();
        using var sources = access.Open();
        foreach (var source in sources.Sources)
        {
            foreach (var entry in (await source.ListAsync(cancellation)).Where(a => text is null || Matches(a, text)))
            {
                rows.Add(new SearchRow(source.Name, entry.Name, entry.Version, entry.Release, entry.Label, entry.Description, entry.Variants, entry.TotalBytes, entry.Published));
            }
        }

        if (json)
        {
            output.WriteJson(rows, CliJsonContext.Default.ListSearchRow);
            return ExitCodes.Success;
        }

        Rows.Write(output, ["appliance", "release", "repository", "label", "variants"], rows.Select(row => new[]
        {
            row.Version is null ? row.Name : $"{row.Name}:{row.Version}", row.Release ?? "-", row.Repository, row.Label ?? "", string.Join("; ", row.Variants),
        }));

        return ExitCodes.Success;
    }

    private static bool Matches(Repository.Format.IndexEntry entry, string text) =>
        new[] { entry.Name, entry.Label, entry.Description }.Any(field => field?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);
}
