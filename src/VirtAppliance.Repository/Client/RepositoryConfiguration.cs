using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// Repositories the client knows, like virt-builder's repos.d: every *.conf in
/// $XDG_CONFIG_HOME/virt-appliance/repositories.d (default ~/.config/...), INI sections of the form
/// <c>[name]</c>, <c>uri=http://host/repo/</c> (or a folder), <c>key=/path/to/key.pub</c>.
/// </summary>
public static class RepositoryConfiguration
{
    public static string DefaultFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(baseDir, "virt-appliance", "repositories.d");
    }

    public static IReadOnlyList<RepositorySource> Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var sources = new List<RepositorySource>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.conf").Order(StringComparer.Ordinal))
        {
            sources.AddRange(Parse(File.ReadAllLines(file), file));
        }

        return sources;
    }

    public static IEnumerable<RepositorySource> Parse(IEnumerable<string> lines, string file)
    {
        string? name = null;
        string? uri = null;
        string? key = null;
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                if (name is not null)
                {
                    yield return Source(name, uri, key, file);
                }

                (name, uri, key) = (line[1..^1].Trim(), null, null);
                continue;
            }

            var equals = line.IndexOf('=');
            if (name is null || equals < 0)
            {
                throw new InvalidDataException($"{file}:{number}: expected [name] or key=value, found '{line}'");
            }

            var value = line[(equals + 1)..].Trim();
            switch (line[..equals].Trim())
            {
                case "uri":
                    uri = value;
                    break;
                case "key" or "gpgkey":
                    key = value.StartsWith("file://", StringComparison.Ordinal) ? value["file://".Length..] : value;
                    break;
            }
        }

        if (name is not null)
        {
            yield return Source(name, uri, key, file);
        }
    }

    private static RepositorySource Source(string name, string? uri, string? key, string file) =>
        new(name, uri ?? throw new InvalidDataException($"{file}: repository [{name}] has no uri="), key);
}
