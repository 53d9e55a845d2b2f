using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace VirtAppliance.Descriptors.Reading;

/// <summary>Collects problems with their positions while one descriptor is read.</summary>
internal sealed class ParseContext(string file)
{
    public string File { get; } = file;

    public List<DescriptorProblem> Problems { get; } = [];

    public void Error(XObject? at, string message) => Problems.Add(Problem(at, message, warning: false));

    public void Warn(XObject? at, string message) => Problems.Add(Problem(at, message, warning: true));

    public string? Text(XElement parent, string name)
    {
        var element = parent.Element(name);
        return element is null ? null : element.Value.Trim();
    }

    public int? Integer(XObject at, string? text, string what, long min, long max)
    {
        if (text is null)
        {
            return null;
        }

        var value = Long(at, text, what, min, max);
        return value is null ? null : (int)value;
    }

    public long? Long(XObject at, string? text, string what, long min, long max)
    {
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(at, $"{what} '{text}' must be a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    public string? RelativePath(XObject at, string? path, string what)
    {
        if (path is null)
        {
            return null;
        }

        if (DescriptorPaths.Problem(path) is { } problem)
        {
            Error(at, $"{what} {problem}");
            return null;
        }

        return path;
    }

    private DescriptorProblem Problem(XObject? at, string message, bool warning)
    {
        var info = at as IXmlLineInfo;
        return new DescriptorProblem(File, info?.LineNumber ?? 0, info?.LinePosition ?? 0, message, warning);
    }
}
