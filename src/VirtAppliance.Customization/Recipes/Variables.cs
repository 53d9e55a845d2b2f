using System.Text;

namespace VirtAppliance.Customization.Recipes;

/// <summary>Expands ${name} in recipe text; $${name} stays literal. An unknown variable is an error, except in scripts, where it is the shell's.</summary>
public sealed class Variables(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string Expand(string text, Func<string, Exception> error, bool strict = true)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$' && i + 2 < text.Length && text[i + 2] == '{')
            {
                result.Append('$');
                i++;
                continue;
            }

            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw error($"'${{' without a closing '}}' in \"{text}\"");
                }

                var name = text[(i + 2)..end];
                if (!Values.TryGetValue(name, out var value) && !strict)
                {
                    result.Append(text, i, end - i + 1);
                    i = end;
                    continue;
                }

                if (value is null)
                {
                    throw error($"unknown variable ${{{name}}} (known: {string.Join(", ", Values.Keys.Order(StringComparer.Ordinal))}; give it with --var {name}=VALUE)");
                }

                result.Append(value);
                i = end;
                continue;
            }

            result.Append(text[i]);
        }

        return result.ToString();
    }
}
