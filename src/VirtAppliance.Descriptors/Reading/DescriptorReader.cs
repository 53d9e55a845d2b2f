using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Descriptors.Reading;

/// <summary>
/// Reads virt-image descriptors as virt-image read them (schema 1) and the extended form (schema="2"):
/// DTDs and entities refused, paths kept inside the descriptor's folder, every problem reported at file:line:column.
/// </summary>
public static partial class DescriptorReader
{
    /// <summary>Descriptors larger than this are refused before parsing.</summary>
    public const long MaxFileBytes = 4L << 20;

    /// <summary>The schema version this reader writes and reads in full.</summary>
    public const int CurrentSchemaVersion = 2;

    private static readonly Lazy<XmlSchemaSet> Schema = new(LoadSchema);

    /// <summary>Reads and validates; throws <see cref="DescriptorException"/> listing every error.</summary>
    public static ApplianceDescriptor Load(string path)
    {
        var result = Read(path);
        return result.HasErrors || result.Descriptor is null ? throw new DescriptorException(result.Problems) : result.Descriptor;
    }

    /// <summary>Reads and validates the descriptor at <paramref name="path"/>: the model when it is valid, and every problem with its line and column.</summary>
    public static DescriptorReadResult Read(string path)
    {
        var context = new ParseContext(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such descriptor", path);
        }

        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            context.Error(null, $"the descriptor is {length} bytes; descriptors larger than {MaxFileBytes} bytes are refused");
            return new DescriptorReadResult(null, context.Problems);
        }

        var document = LoadXml(path, context);
        if (document?.Root is not { } root)
        {
            return new DescriptorReadResult(null, context.Problems);
        }

        var descriptor = ParseImage(root, context, Path.GetDirectoryName(Path.GetFullPath(path)));
        return new DescriptorReadResult(descriptor, context.Problems);
    }

    private static XDocument? LoadXml(string path, ParseContext context)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = MaxFileBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using (var scan = XmlReader.Create(path, settings))
            {
                if (XmlNesting.Check(scan, "descriptors") is var (line, column, problem))
                {
                    context.Problems.Add(new DescriptorProblem(path, line, column, problem));
                    return null;
                }
            }

            using var reader = XmlReader.Create(path, settings);
            var document = XDocument.Load(reader, LoadOptions.SetLineInfo);
            ValidateAgainstSchema(document, context);
            return document;
        }
        catch (XmlException exception)
        {
            if (exception.Message.Contains("DTD", StringComparison.Ordinal))
            {
                var (line, column) = PositionOf(File.ReadAllText(path), "<!DOCTYPE");
                context.Problems.Add(new DescriptorProblem(path, line, column, "DTDs and entity declarations are not allowed in descriptors"));
            }
            else
            {
                context.Problems.Add(new DescriptorProblem(path, exception.LineNumber, exception.LinePosition, exception.Message));
            }

            return null;
        }
    }

    /// <summary>1-based line and column of a text's first occurrence (XmlReader reports none for a refused DTD).</summary>
    private static (int Line, int Column) PositionOf(string text, string needle)
    {
        var index = Math.Max(0, text.IndexOf(needle, StringComparison.Ordinal));
        var line = 1 + text.AsSpan(0, index).Count('\n');
        var column = index - (text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1;
        return (line, column);
    }

    private static void ValidateAgainstSchema(XDocument document, ParseContext context)
    {
        var schemaVersion = document.Root?.Attribute("schema")?.Value;
        document.Validate(Schema.Value, (sender, args) =>
        {
            var message = $"schema: {args.Message}";
            if (schemaVersion == "2")
            {
                context.Error(sender as XObject, message);
            }
            else
            {
                context.Warn(sender as XObject, message);
            }
        });
    }

    private static XmlSchemaSet LoadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("VirtAppliance.Descriptors.descriptor.xsd")
            ?? throw new InvalidOperationException("the descriptor schema is missing from the assembly");
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(null, reader);
        set.Compile();
        return set;
    }

    /// <summary>The schema shipped with the tool (XSD), as text.</summary>
    public static string SchemaText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("VirtAppliance.Descriptors.descriptor.xsd")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ApplianceDescriptor? ParseImage(XElement root, ParseContext context, string? baseDirectory)
    {
        if (root.Name.LocalName != "image" || root.Name.Namespace != XNamespace.None)
        {
            context.Error(root, $"the root element is <{root.Name.LocalName}>; a descriptor's root element is <image>");
            return null;
        }

        var schemaVersion = ParseSchemaVersion(root, context);
        var nameElement = root.Element("name");
        var name = nameElement?.Value.Trim();
        if (nameElement is null || string.IsNullOrEmpty(name))
        {
            context.Error(root, "<name> is missing; every appliance needs a name");
        }
        else if (!NamePattern().IsMatch(name))
        {
            context.Error(nameElement, $"name '{name}' may contain only letters, digits and _ . + - : /");
        }

        var version = VersionAttribute(nameElement, "version", context);
        var release = VersionAttribute(nameElement, "release", context);
        var disks = ParseStorage(root, context);
        var domains = root.Elements("domain").ToList();
        if (domains.Count != 1)
        {
            context.Error(domains.Count == 0 ? root : domains[1], $"a descriptor has exactly one <domain>; this one has {domains.Count}");
        }

        var boots = domains.Count > 0 ? ParseBoots(domains[0], disks, context) : [];
        var devices = domains.Count > 0 ? ParseDevices(domains[0].Element("devices"), context) : new DeviceSettings();
        WarnUnknownChildren(root, context, "name", "label", "description", "domain", "storage", "product");
        if (name is null || domains.Count == 0)
        {
            return null;
        }

        return new ApplianceDescriptor
        {
            SchemaVersion = schemaVersion,
            Name = name,
            Version = version,
            Release = release,
            Label = root.Element("label")?.Value.Trim(),
            Description = root.Element("description")?.Value.Trim(),
            Product = ParseProduct(root.Element("product")),
            Boots = boots,
            Devices = devices,
            Disks = disks,
            BaseDirectory = baseDirectory,
        };
    }

    private static int ParseSchemaVersion(XElement root, ParseContext context)
    {
        var attribute = root.Attribute("schema");
        if (attribute is null)
        {
            return 1;
        }

        if (attribute.Value is "1" or "2")
        {
            return int.Parse(attribute.Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Error(attribute, $"schema=\"{attribute.Value}\" is not known; this version reads schema 1 (virt-image) and 2");
        return CurrentSchemaVersion;
    }

    private static string? VersionAttribute(XElement? element, string name, ParseContext context)
    {
        var attribute = element?.Attribute(name);
        if (attribute is null)
        {
            return null;
        }

        if (!VersionPattern().IsMatch(attribute.Value))
        {
            context.Error(attribute, $"{name} '{attribute.Value}' must be digits and dots, optionally followed by -digits.dots");
        }

        return attribute.Value;
    }

    private static ProductInfo? ParseProduct(XElement? product) => product is null
        ? null
        : new ProductInfo(product.Attribute("vendor")?.Value, product.Attribute("version")?.Value, product.Attribute("url")?.Value);

    internal static void WarnUnknownChildren(XElement parent, ParseContext context, params string[] known)
    {
        foreach (var child in parent.Elements().Where(e => !known.Contains(e.Name.LocalName)))
        {
            context.Warn(child, $"<{child.Name.LocalName}> inside <{parent.Name.LocalName}> is not known and was ignored");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.+\-:/]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[0-9.]+(-[0-9.]+)?$")]
    private static partial Regex VersionPattern();
}
