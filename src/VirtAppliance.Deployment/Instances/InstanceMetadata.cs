using System.Xml.Linq;

namespace VirtAppliance.Deployment.Instances;

/// <summary>What the tool records in each domain's &lt;metadata&gt;, under its own namespace.</summary>
public sealed record InstanceMetadata(string Appliance, string? Version, string? Release, string Variant, InstancePhase Phase)
{
    public const string Namespace = "https://virt-appliance.dev/xmlns/instance/1";
    public const string Prefix = "va";
    private const string ElementName = "instance";

    public XElement ToElement()
    {
        XNamespace ns = Namespace;
        return new XElement(
            ns + ElementName,
            new XAttribute(XNamespace.Xmlns + Prefix, Namespace),
            new XAttribute("appliance", Appliance),
            Version is null ? null : new XAttribute("version", Version),
            Release is null ? null : new XAttribute("release", Release),
            new XAttribute("variant", Variant),
            new XAttribute("phase", PhaseName(Phase)));
    }

    /// <summary>The element for virDomainSetMetadata: without a namespace, which libvirt adds from the key and URI.</summary>
    public string ToMetadataXml()
    {
        var element = ToElement();
        element.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        element.Name = ElementName;
        return element.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Reads the element libvirt returns from virDomainGetMetadata; null when it is not ours or is malformed.</summary>
    public static InstanceMetadata? Parse(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        XElement element;
        try
        {
            element = XElement.Parse(xml);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }

        var appliance = (string?)element.Attribute("appliance");
        var variant = (string?)element.Attribute("variant");
        var phase = ParsePhase((string?)element.Attribute("phase"));
        return element.Name.LocalName != ElementName || appliance is null || variant is null || phase is null
            ? null
            : new InstanceMetadata(appliance, (string?)element.Attribute("version"), (string?)element.Attribute("release"), variant, phase.Value);
    }

    public static string PhaseName(InstancePhase phase) => phase switch
    {
        InstancePhase.Install => "install",
        InstancePhase.Starting => "starting",
        _ => "run",
    };

    internal static InstancePhase? ParsePhase(string? name) => name switch
    {
        "install" => InstancePhase.Install,
        "starting" => InstancePhase.Starting,
        "run" => InstancePhase.Run,
        _ => null,
    };
}
