using System.Security.Cryptography;
using System.Text;

namespace VirtAppliance.Interop.Ovf;

/// <summary>An OVF manifest (.mf): one "SHA256(FILE)= HEX" line per file of the package (SHA1 and SHA512 too).</summary>
public sealed record OvfManifest(IReadOnlyList<OvfManifest.Entry> Entries)
{
    /// <summary>A manifest lists a handful of files.</summary>
    public const int MaxBytes = 1 << 20;

    public sealed record Entry(string Algorithm, string File, string Hex);

    public static OvfManifest Parse(ReadOnlySpan<byte> content, string name)
    {
        if (content.Length > MaxBytes)
        {
            throw new InvalidDataException($"{name}: a manifest of {content.Length} bytes is beyond the {MaxBytes} accepted");
        }

        var entries = new List<Entry>();
        var number = 0;
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var open = line.IndexOf('(');
            var close = line.LastIndexOf(")=", StringComparison.Ordinal) is var c and >= 0 ? c : line.LastIndexOf(") =", StringComparison.Ordinal);
            if (open <= 0 || close <= open)
            {
                throw new InvalidDataException($"{name}:{number}: expected ALGORITHM(FILE)= HEX");
            }

            var algorithm = line[..open].Trim().ToUpperInvariant();
            var hex = line[(line.IndexOf('=', close) + 1)..].Trim().ToLowerInvariant();
            if (HashLength(algorithm) is not { } length)
            {
                throw new InvalidDataException($"{name}:{number}: unknown digest '{(algorithm.Length > 16 ? algorithm[..16] : algorithm)}' (SHA1, SHA256 and SHA512 are read)");
            }

            if (hex.Length != length * 2 || !hex.All(char.IsAsciiHexDigitLower))
            {
                throw new InvalidDataException($"{name}:{number}: the {algorithm} digest is not {length * 2} hex digits");
            }

            entries.Add(new Entry(algorithm, line[(open + 1)..close], hex));
        }

        return new OvfManifest(entries);
    }

    public string Write() => string.Concat(Entries.Select(e => $"{e.Algorithm}({e.File})= {e.Hex}\n"));

    /// <summary>The digest of a file as the manifest's algorithm computes it.</summary>
    public static string Digest(string algorithm, string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(algorithm switch
        {
            "SHA1" => SHA1.HashData(stream),
            "SHA512" => SHA512.HashData(stream),
            _ => SHA256.HashData(stream),
        });
    }

    private static int? HashLength(string algorithm) => algorithm switch
    {
        "SHA1" => 20,
        "SHA256" => 32,
        "SHA512" => 64,
        _ => null,
    };
}
