using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>The text descriptor: header keys (version, CID, parentCID, createType), extent lines and the disk database.</summary>
internal sealed partial class VmdkDescriptor
{
    public const int MaxBytes = 1 << 20;

    public Dictionary<string, string> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<VmdkExtentLine> Extents { get; } = [];

    public string CreateType => Keys.GetValueOrDefault("createType", "");

    public string? ParentCid => Keys.GetValueOrDefault("parentCID");

    public string? ParentFileNameHint => Keys.GetValueOrDefault("parentFileNameHint");

    public bool HasParent => ParentCid is { } cid && !cid.Equals(VmdkConstants.NoParent, StringComparison.OrdinalIgnoreCase);

    public long CapacitySectors => Extents.Sum(e => e.Sectors);

    public static VmdkDescriptor Parse(ReadOnlySpan<byte> bytes, string path)
    {
        var end = bytes.IndexOf((byte)0);
        var textBytes = end < 0 ? bytes : bytes[..end];
        if (textBytes.ContainsAnyInRange((byte)1, (byte)8) || textBytes.ContainsAnyInRange((byte)14, (byte)31))
        {
            throw CorruptImage.Error(path, "VMDK descriptor", 0, "is not text (it contains control characters)");
        }

        var descriptor = new VmdkDescriptor();
        var lineNumber = 0;
        foreach (var raw in Encoding.UTF8.GetString(textBytes).Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var extent = ExtentPattern().Match(line);
            if (extent.Success)
            {
                descriptor.Extents.Add(ParseExtent(extent, path, lineNumber));
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                descriptor.Keys[line[..equals].Trim()] = line[(equals + 1)..].Trim().Trim('"');
            }
        }

        if (descriptor.Extents.Count == 0)
        {
            throw CorruptImage.Error(path, "VMDK descriptor", 0, "lists no extents");
        }

        return descriptor;
    }

    public static string Write(long capacitySectors, string createType, string extentFile, string adapterType, long cid, Guid uuid)
    {
        var cylinders = Math.Min(65535, capacitySectors / (16 * 63));
        var text = new StringBuilder()
            .Append("# Disk DescriptorFile\n")
            .Append("version=1\n")
            .Append(CultureInfo.InvariantCulture, $"CID={cid:x8}\n")
            .Append("parentCID=ffffffff\n")
            .Append(CultureInfo.InvariantCulture, $"createType=\"{createType}\"\n\n")
            .Append("# Extent description\n")
            .Append(CultureInfo.InvariantCulture, $"RW {capacitySectors} SPARSE \"{extentFile}\"\n\n")
            .Append("# The Disk Data Base\n#DDB\n\n")
            .Append("ddb.virtualHWVersion = \"4\"\n")
            .Append(CultureInfo.InvariantCulture, $"ddb.geometry.cylinders = \"{cylinders}\"\n")
            .Append("ddb.geometry.heads = \"16\"\n")
            .Append("ddb.geometry.sectors = \"63\"\n")
            .Append(CultureInfo.InvariantCulture, $"ddb.adapterType = \"{adapterType}\"\n")
            .Append("ddb.toolsVersion = \"2147483647\"\n")
            .Append(CultureInfo.InvariantCulture, $"ddb.uuid = \"{string.Join(' ', uuid.ToByteArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)))}\"\n");
        return text.ToString();
    }

    private static VmdkExtentLine ParseExtent(Match match, string path, int line)
    {
        var sectors = long.Parse(match.Groups["sectors"].Value, CultureInfo.InvariantCulture);
        var type = match.Groups["type"].Value.ToUpperInvariant();
        var file = match.Groups["file"].Success ? match.Groups["file"].Value : null;
        var offset = match.Groups["offset"].Success ? long.Parse(match.Groups["offset"].Value, CultureInfo.InvariantCulture) : 0;
        if (sectors > VmdkConstants.MaxCapacitySectors)
        {
            throw CorruptImage.Error(path, $"VMDK descriptor extent line {line}", 0, $"declares {sectors} sectors, an absurd size");
        }

        if (offset > VmdkConstants.MaxFileSectors)
        {
            throw CorruptImage.Error(path, $"VMDK descriptor extent line {line}", 0, $"starts at sector {offset} of its file, far past any file");
        }

        if (file is not null && (Path.IsPathRooted(file) || file.Replace('\\', '/').Split('/').Contains("..")))
        {
            throw CorruptImage.Error(path, $"VMDK descriptor extent line {line}", 0, $"names '{file}', which is outside the descriptor's folder; extent files must be relative names beside it");
        }

        if (type is not ("SPARSE" or "FLAT" or "ZERO"))
        {
            throw new NotSupportedException($"{path}: VMDK extent type {type} (line {line}) is not supported; SPARSE, FLAT and ZERO are");
        }

        return new VmdkExtentLine(match.Groups["access"].Value, sectors, type, file, offset);
    }

    [GeneratedRegex("^(?<access>RW|RDONLY|NOACCESS)\\s+(?<sectors>\\d{1,18})\\s+(?<type>[A-Za-z]+)(\\s+\"(?<file>[^\"]*)\"(\\s+(?<offset>\\d{1,18}))?)?", RegexOptions.IgnoreCase)]
    private static partial Regex ExtentPattern();
}
