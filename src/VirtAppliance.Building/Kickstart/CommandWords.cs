namespace VirtAppliance.Building.Kickstart;

/// <summary>A command's words split into positional arguments and --options, checked against what the command accepts.</summary>
internal sealed class CommandWords
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly Func<string, Exception> _error;

    private CommandWords(Func<string, Exception> error) => _error = error;

    public List<string> Positional { get; } = [];

    /// <param name="valueOptions">options that take a value (--size 10 or --size=10)</param>
    /// <param name="flags">options that take none</param>
    public static CommandWords Parse(
        string command, IReadOnlyList<string> words, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags,
        Func<string, Exception> error)
    {
        var parsed = new CommandWords(error);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(word);
                continue;
            }

            var equals = word.IndexOf('=');
            var name = equals < 0 ? word[2..] : word[2..equals];
            if (flags.Contains(name))
            {
                if (equals >= 0)
                {
                    throw error($"{command} --{name} takes no value");
                }

                parsed._options[name] = null;
            }
            else if (valueOptions.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = word[(equals + 1)..];
                }
                else if (i + 1 < words.Count)
                {
                    value = words[++i];
                }
                else
                {
                    throw error($"{command} --{name} needs a value");
                }

                parsed._options[name] = value;
            }
            else
            {
                var known = valueOptions.Concat(flags).Select(o => "--" + o);
                throw error($"{command} has no option --{name} (it takes {string.Join(", ", known)})");
            }
        }

        return parsed;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.GetValueOrDefault(name);

    public long? Number(string name, long minimum, long maximum)
    {
        if (Value(name) is not { } text)
        {
            return null;
        }

        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < minimum || value > maximum)
        {
            throw _error($"--{name} {text}: expected a whole number from {minimum} to {maximum}");
        }

        return value;
    }
}
