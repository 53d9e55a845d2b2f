using System.Globalization;
using VirtAppliance.Customization.Operations;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VirtAppliance.Customization.Recipes;

/// <summary>
/// Reads a YAML recipe: a list of operations (or a map with 'variables' and 'operations'), each a one-key map
/// {operation: value}. docs/customize.md lists them. Errors name the recipe file and line.
/// </summary>
public static partial class RecipeReader
{
    /// <param name="allowedHostPaths">trees beyond the recipe's folder whose files it may read (--allow-host-path)</param>
    public static Recipe Load(string file, IReadOnlyDictionary<string, string> variables, IReadOnlyList<string>? allowedHostPaths = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"{file}: no such recipe", file);
        }

        return Parse(text, file, variables, allowedHostPaths);
    }

    public static Recipe Parse(string text, string file, IReadOnlyDictionary<string, string> variables, IReadOnlyList<string>? allowedHostPaths = null)
    {
        var hostPaths = new HostPaths(Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/", allowedHostPaths?.Select(Path.GetFullPath).ToList() ?? []);
        var stream = YamlShape.Load(text, "recipes", (line, problem) => new RecipeException(file, (int)line, problem));

        if (stream.Documents.Count == 0)
        {
            return new Recipe(file, []) { HostPaths = hostPaths };
        }

        var root = stream.Documents[0].RootNode;
        var values = new Dictionary<string, string>(variables);
        YamlSequenceNode? list;
        if (root is YamlMappingNode map)
        {
            foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("variables" or "operations")))
            {
                throw new RecipeException(file, Line(key), $"unknown recipe key '{key.Value}' (a recipe has 'variables' and 'operations')");
            }

            if (map.Children.TryGetValue(new YamlScalarNode("variables"), out var defaults))
            {
                foreach (var (key, value) in Mapping(defaults, file, "variables"))
                {
                    values.TryAdd(Scalar(key, file, "a variable name"), Scalar(value, file, "a variable value"));
                }
            }

            list = map.Children.TryGetValue(new YamlScalarNode("operations"), out var operations)
                ? operations as YamlSequenceNode ?? throw new RecipeException(file, Line(operations), "'operations' must be a list")
                : null;
        }
        else
        {
            list = root as YamlSequenceNode ?? throw new RecipeException(file, Line(root), "a recipe is a list of operations (or a map with 'operations')");
        }

        var expander = new Variables(values);
        var result = new List<Operation>();
        var problems = new List<RecipeException>();
        foreach (var item in list?.Children ?? [])
        {
            try
            {
                if (item is not YamlMappingNode step || step.Children.Count != 1)
                {
                    throw new RecipeException(file, Line(item), "each operation is a map with one key, such as '- write: {path: /etc/motd, content: hello}'");
                }

                var (nameNode, value) = step.Children.First();
                var name = Scalar(nameNode, file, "an operation name");
                var fields = new OperationFields(file, Line(nameNode), name, value, expander, hostPaths);
                result.Add(ReadOperation(fields));
                fields.RejectUnknown();
            }
            catch (RecipeException problem)
            {
                // Every operation is read: the user learns of all problems in one run, as validate does for descriptors.
                problems.Add(problem);
            }
        }

        return problems.Count switch
        {
            0 => new Recipe(file, result) { HostPaths = hostPaths },
            1 => throw problems[0],
            _ => throw new RecipeException(problems),
        };
    }

    internal static int Line(YamlNode node) => (int)node.Start.Line;

    internal static string Scalar(YamlNode node, string file, string what) =>
        node is YamlScalarNode { Value: { } value } ? value : throw new RecipeException(file, Line(node), $"expected {what} (text)");

    internal static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Mapping(YamlNode node, string file, string what) =>
        node is YamlMappingNode map ? map.Children : throw new RecipeException(file, Line(node), $"'{what}' must be a map");

    internal static UnixFileMode ParseMode(string text, Func<string, Exception> error) =>
        text.Length is >= 1 and <= 4 && text.All(c => c is >= '0' and <= '7')
            ? (UnixFileMode)Convert.ToInt32(text, 8)
            : throw error($"mode '{text}': give octal digits such as 0644 (in quotes, so YAML keeps the leading zero)");

    /// <summary>A user or group id as passwd holds it.</summary>
    internal static int ParseId(string field, string text, Func<string, Exception> error) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw error($"{field} '{text}': give a number from 0 to {int.MaxValue}");

    internal static long ParseSize(string text, Func<string, Exception> error) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : throw error($"size '{text}': give a number of bytes");
}
