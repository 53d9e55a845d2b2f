using VirtAppliance.Customization.Operations;
using YamlDotNet.RepresentationModel;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Customization.Recipes;

/// <summary>The value of one operation: a shorthand text or a map of fields, read with variables expanded and unknown fields refused.</summary>
internal sealed class OperationFields
{
    private readonly string _file;
    private readonly HostPaths _hostPaths;
    private readonly YamlNode _value;
    private readonly Variables _variables;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public OperationFields(string file, int line, string name, YamlNode value, Variables variables, HostPaths hostPaths)
    {
        _file = file;
        _hostPaths = hostPaths;
        Line = line;
        Name = name;
        _value = value;
        _variables = variables;
    }

    public int Line { get; }

    public string Name { get; }

    public bool IsShorthand => _value is YamlScalarNode;

    /// <summary>A host path given in the recipe (relative to its folder), refused when it leads outside what the recipe may read.</summary>
    public string HostPath(string path) => _hostPaths.Resolve(path, Error);

    /// <summary>The required field <paramref name="key"/> as a host path the recipe may read.</summary>
    public string HostFile(string key) => HostPath(Required(key));

    public RecipeException Error(string message) => new(_file, Line, $"{Name}: {message}");

    public string Shorthand() => _variables.Expand(RecipeReader.Scalar(_value, _file, $"{Name}'s value"), Error);

    public string? Optional(string key, bool strict = true)
    {
        if (Node(key) is not { } node)
        {
            return null;
        }

        return _variables.Expand(RecipeReader.Scalar(node, _file, $"{Name}.{key}"), Error, strict);
    }

    public string Required(string key, bool strict = true) => Optional(key, strict) ?? throw Error($"'{key}' is required");

    /// <summary>An absolute guest path, normalized; a path that climbs out with .. is refused.</summary>
    public string GuestPath(string key, bool required = true) => AbsoluteGuestPath(key, required ? Required(key) : Optional(key) ?? "/");

    /// <summary>An optional absolute guest path (a home folder, a shell).</summary>
    public string? OptionalGuestPath(string key) => Optional(key) is { } text ? AbsoluteGuestPath(key, text) : null;

    public int? OptionalId(string key) => Optional(key) is { } text ? RecipeReader.ParseId(key, text, Error) : null;

    public IReadOnlyList<string> List(string key)
    {
        if (Node(key) is not { } node)
        {
            return [];
        }

        return node switch
        {
            YamlSequenceNode sequence => sequence.Children.Select(item => _variables.Expand(RecipeReader.Scalar(item, _file, $"{Name}.{key} items"), Error)).ToList(),
            YamlScalarNode => [Required(key)],
            _ => throw Error($"'{key}' must be a list"),
        };
    }

    public FileSettings Attributes() =>
        new(Optional("mode") is { } mode ? Mode(mode) : null, Optional("owner"));

    /// <summary>The shorthand value as a guest path (mkdir: /srv).</summary>
    public string ShorthandPath() => AbsoluteGuestPath("the path", Shorthand());

    /// <summary>One leading '/', no '..': tmp/x and //tmp/x are refused, not guessed at.</summary>
    private string AbsoluteGuestPath(string key, string text) =>
        text.StartsWith('/') && !text.StartsWith("//", StringComparison.Ordinal) && Filesystems.Guests.GuestPath.Normalize(text) is { } path
            ? path
            : throw Error($"{key} '{text}' must be an absolute guest path (one leading '/') without '..'");

    public UnixFileMode Mode(string text) => RecipeReader.ParseMode(text, Error);

    public long Size(string text) => RecipeReader.ParseSize(text, Error);

    /// <summary>The text of a host file the recipe names (relative to its folder).</summary>
    public string HostText(string path)
    {
        try
        {
            return File.ReadAllText(HostPath(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Error($"cannot read {path}: {exception.Message}");
        }
    }

    public string OneLine(string text) => text.Contains('\n') ? throw Error("'line' is one line (no line breaks)") : text;

    public string HostName(string name) => SystemNames.IsHostName(name) ? name : throw Error($"'{name}' is not a valid host name");

    public string Zone(string zone) => SystemNames.IsTimezone(zone) ? zone : throw Error($"'{zone}' is not a time zone of the tz database ({SystemNames.ZoneDatabase}), such as Europe/Berlin or UTC");

    public string UserName(string name) =>
        SystemNames.IsUserName(name) ? name : throw Error($"user name '{name}' must start with a lower-case letter or _ and hold only a-z, 0-9, _ and -");

    public void RejectUnknown()
    {
        if (_value is not YamlMappingNode map)
        {
            return;
        }

        foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => !_used.Contains(k.Value!)))
        {
            throw new RecipeException(_file, RecipeReader.Line(key), $"{Name} has no field '{key.Value}'");
        }
    }

    private YamlNode? Node(string key)
    {
        _used.Add(key);
        if (_value is YamlScalarNode { Value: "" or null } || _value is not YamlMappingNode map)
        {
            return null;
        }

        return map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;
    }
}
