namespace VirtAppliance.Cli.Commands.Completion;

/// <summary>Paths that complete a partly typed one: its folder's entries that start with its last part.</summary>
internal static class PathCompletion
{
    /// <summary>Listing a huge folder on every Tab would stall the shell; past this many entries the rest are left out.</summary>
    public const int MaximumEntries = 4096;

    public static IEnumerable<string> Candidates(string typed, IReadOnlyCollection<string> extensions)
    {
        var separator = typed.LastIndexOf('/');
        var shownFolder = separator < 0 ? "" : typed[..(separator + 1)];
        var namePrefix = typed[(separator + 1)..];
        var folder = shownFolder.Length == 0 ? "." : ExpandHome(shownFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var showHidden = namePrefix.StartsWith('.');
        var matches = new List<string>();
        try
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().Take(MaximumEntries))
            {
                if (!entry.Name.StartsWith(namePrefix, StringComparison.Ordinal) || (!showHidden && entry.Name.StartsWith('.')))
                {
                    continue;
                }

                if (IsFolder(entry))
                {
                    matches.Add(shownFolder + entry.Name + "/");
                }
                else if (extensions.Count == 0 || extensions.Any(extension => entry.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
                {
                    matches.Add(shownFolder + entry.Name);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        matches.Sort(StringComparer.Ordinal);
        return matches;
    }

    private static bool IsFolder(FileSystemInfo entry) =>
        entry is DirectoryInfo || (entry.LinkTarget is not null && Directory.Exists(entry.FullName));

    private static string ExpandHome(string folder) =>
        folder.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), folder[2..])
            : folder;
}
