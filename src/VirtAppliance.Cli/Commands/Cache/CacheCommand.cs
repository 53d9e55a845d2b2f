using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.Repository.Client;

namespace VirtAppliance.Cli.Commands.Cache;

/// <summary><c>cache list</c> and <c>cache prune</c>: the content-addressed disk cache shared by every pulled appliance.</summary>
internal sealed class CacheCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var json = CommonOptions.Json();
        var list = new Command("list", "List cached disk contents and the pulled appliances using them") { json };
        CommandAction.Set(list, output, (result, _) => new CacheCommand(output).List(result.GetValue(json)));
        var all = new Option<bool>("--all") { Description = "Remove everything, pulled appliances included" };
        var prune = new Command("prune", "Remove unfinished downloads and disks no pulled appliance uses") { all };
        CommandAction.Set(prune, output, (result, _) => new CacheCommand(output).Prune(result.GetValue(all)));
        return new Command("cache", "The download cache") { list, prune };
    }

    public int List(bool json)
    {
        var cache = BlobCache.Default();
        var entries = cache.List();
        if (json)
        {
            output.WriteJson(entries, CliJsonContext.Default.IReadOnlyListEntry);
            return ExitCodes.Success;
        }

        Rows.Write(output, ["content", "size", "used by"], entries.Select(entry => new[]
        {
            entry.Digest, output.IsTerminal ? ByteSize.Format(entry.Size) : entry.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
            entry.UsedBy.Count == 0 ? "unused" : string.Join(", ", entry.UsedBy),
        }));

        output.Error.WriteLine($"{entries.Count} disks, {ByteSize.Format(entries.Sum(e => e.Size))} in {cache.Root}");
        return ExitCodes.Success;
    }

    public int Prune(bool all)
    {
        var (files, bytes) = BlobCache.Default().Prune(all);
        output.WriteLine($"removed {files} files ({ByteSize.Format(bytes)})");
        return ExitCodes.Success;
    }
}
