using System.CommandLine;
using System.CommandLine.Completions;
using VirtAppliance.Deployment;
using VirtAppliance.Fleet.Inventory;

namespace VirtAppliance.Cli.Commands.Completion;

/// <summary>What tab completion offers for arguments and options whose values the parser alone cannot know.</summary>
internal static class CompletionSources
{
    /// <summary>The kind of the items that are paths: the shell quotes them and marks folders as it does for files.</summary>
    public const string PathKind = "Path";

    /// <summary>Instance names, from this user's state folder.</summary>
    public static IEnumerable<CompletionItem> Instances(CompletionContext context)
    {
        var folder = StateDirectory.Default().Instances;
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).Select(name => new CompletionItem(name))
            : [];
    }

    /// <summary>Host names of the fleet ('hosts list').</summary>
    public static IEnumerable<CompletionItem> Hosts(CompletionContext context)
    {
        try
        {
            return HostInventory.ForUser().Load().Select(host => new CompletionItem(host.Name));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            return [];
        }
    }

    /// <summary>Folders, and files whose names end with one of <paramref name="extensions"/> (".xml"), under the word typed so far.</summary>
    public static Func<CompletionContext, IEnumerable<CompletionItem>> Files(params string[] extensions) =>
        context => PathCompletion.Candidates(context.WordToComplete, extensions).Select(path => new CompletionItem(path, PathKind));

    /// <summary>The image formats this tool reads and writes.</summary>
    public static IEnumerable<CompletionItem> ImageFormats(CompletionContext context) =>
        Formats.Select(format => new CompletionItem(format));

    private static readonly string[] Formats = ["raw", "qcow2", "vmdk", "vhd", "vhdx", "vdi"];

    public static T WithFiles<T>(this T symbol, params string[] extensions)
        where T : Symbol => symbol.CompletingWith(Files(extensions), "FILE");

    public static T WithInstances<T>(this T symbol)
        where T : Symbol => symbol.CompletingWith(Instances, "NAME");

    public static T WithHosts<T>(this T symbol, string helpName = "HOST")
        where T : Symbol => symbol.CompletingWith(Hosts, helpName);

    public static T WithImageFormats<T>(this T symbol)
        where T : Symbol => symbol.CompletingWith(ImageFormats, "FORMAT");

    /// <summary>
    /// Adds <paramref name="source"/>, and names the value in help: without a name, help would list what the
    /// source offers (every file in the folder, every instance) in its place.
    /// </summary>
    private static T CompletingWith<T>(this T symbol, Func<CompletionContext, IEnumerable<CompletionItem>> source, string helpName)
        where T : Symbol
    {
        switch (symbol)
        {
            case Argument argument:
                argument.CompletionSources.Add(source);
                argument.HelpName ??= argument.Name;
                break;
            case Option option:
                option.CompletionSources.Add(source);
                option.HelpName ??= helpName;
                break;
        }

        return symbol;
    }
}
