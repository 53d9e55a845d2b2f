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
    public static Recipe Load(string file, IReadOnlyDictionary<string, string> variables)
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

        return Parse(text, file, variables);
    }

    public static Recipe Parse(string text, string file, IReadOnlyDictionary<string, string> variables)
    {
        var stream = new YamlStream();
        try
        {
            if (YamlShape.Check(text, "recipes") is var (line, problem))
            {
                throw new RecipeException(file, (int)line, problem);
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new RecipeException(file, (int)exception.Start.Line, $"not valid YAML: {exception.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return new Recipe(file, []);
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
        foreach (var item in list?.Children ?? [])
        {
            if (item is not YamlMappingNode step || step.Children.Count != 1)
            {
                throw new RecipeException(file, Line(item), "each operation is a map with one key, such as '- write: {path: /etc/motd, content: hello}'");
            }

            var (nameNode, value) = step.Children.First();
            var name = Scalar(nameNode, file, "an operation name");
            var fields = new OperationFields(file, Line(nameNode), name, value, expander);
            result.Add(ReadOperation(fields));
            fields.RejectUnknown();
        }

        return new Recipe(file, result);
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

    internal static long ParseSize(string text, Func<string, Exception> error) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : throw error($"size '{text}': give a number of bytes");
}
