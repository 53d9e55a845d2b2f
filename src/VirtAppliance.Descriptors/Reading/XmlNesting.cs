using System.Xml;

namespace VirtAppliance.Descriptors.Reading;

/// <summary>
/// A pass over an XML document before it is loaded: elements nested deeper than <see cref="MaxDepth"/> are found
/// with their line and column. The readers of descriptors and capabilities, and the schema validator after them,
/// recurse per level, so an unbounded depth would end in a stack overflow; a forward-only reader does not, and costs
/// time linear in the input.
/// </summary>
public static class XmlNesting
{
    /// <summary>Descriptors nest about 6 levels, libvirt's capabilities about 8.</summary>
    public const int MaxDepth = 64;

    /// <summary>Reads <paramref name="reader"/> to its end; returns the first element too deep, or null when none is.</summary>
    /// <exception cref="XmlException">the text is not well-formed XML</exception>
    public static (int Line, int Column, string Problem)? Check(XmlReader reader, string documentKind)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= MaxDepth)
            {
                var position = reader as IXmlLineInfo;
                return (position?.LineNumber ?? 0, position?.LinePosition ?? 0,
                    $"<{reader.Name}> is nested {reader.Depth + 1} elements deep; {documentKind} nest at most {MaxDepth}");
            }
        }

        return null;
    }
}
