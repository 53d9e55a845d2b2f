using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VirtAppliance.Customization.Recipes;

/// <summary>
/// A pass over YAML events before the document is loaded: collections nested deeper than <see cref="MaxDepth"/>, and
/// aliases (which let a few bytes stand for a tree that grows exponentially as it is walked), are refused with their
/// line. YamlDotNet's document model builds nodes recursively, so an unbounded depth would end in a stack overflow;
/// its event parser does not, and costs time linear in the input.
/// </summary>
public static class YamlShape
{
    /// <summary>Recipes and hosts.yaml nest a few levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Checks the shape, then loads the document model. Every way the text can fail comes back through
    /// <paramref name="error"/> as a line (0 when unknown) and a problem: YamlDotNet answers some malformed input with
    /// ArgumentException or InvalidOperationException rather than YamlException (found by fuzzing).
    /// </summary>
    public static YamlStream Load(string text, string documentKind, Func<long, string, Exception> error)
    {
        var stream = new YamlStream();
        try
        {
            if (Check(text, documentKind) is var (line, problem))
            {
                throw error(line, problem);
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw error(exception.Start.Line, $"not valid YAML: {exception.Message}");
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            throw error(0, $"not valid YAML ({exception.Message})");
        }

        return stream;
    }

    /// <summary>Reads the events of <paramref name="text"/>; returns the first line and problem, or null when the shape is fine.</summary>
    /// <exception cref="YamlException">the text is not YAML</exception>
    public static (long Line, string Problem)? Check(string text, string documentKind)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    return (parser.Current.Start.Line, $"collections nested {depth} deep; {documentKind} nest at most {MaxDepth}");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case AnchorAlias alias:
                    return (alias.Start.Line, $"the alias *{alias.Value} is not allowed in {documentKind}: write the value out");
            }
        }

        return null;
    }
}
