using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtAppliance.Interop.Ovf;

/// <summary>
/// DSP0004 programmatic units as OVF writes them: "byte", "byte * 2^20", "byte * 10^9", "hertz * 10^6", and the
/// older names "KiloBytes", "MegaBytes", "GigaBytes".
/// </summary>
public static partial class AllocationUnits
{
    /// <summary>How many bytes one unit is; null when the text names no byte unit.</summary>
    public static long? BytesPerUnit(string? units)
    {
        if (string.IsNullOrWhiteSpace(units))
        {
            return null;
        }

        var text = units.Trim();
        switch (text.ToLowerInvariant())
        {
            case "byte" or "bytes":
                return 1;
            case "kilobytes" or "kb":
                return 1L << 10;
            case "megabytes" or "mb":
                return 1L << 20;
            case "gigabytes" or "gb":
                return 1L << 30;
        }

        if (text.Length > 64 || Power().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var exponent = int.Parse(match.Groups["exponent"].Value, CultureInfo.InvariantCulture);
        var result = 1L;
        var radix = match.Groups["base"].Value == "2" ? 2L : 10L;
        if (exponent > (radix == 2 ? 62 : 18))
        {
            return null;
        }

        for (var i = 0; i < exponent; i++)
        {
            result = checked(result * radix);
        }

        return result;
    }

    /// <summary>QUANTITY × the unit, in bytes; an error naming the field when it does not fit or is not a number.</summary>
    public static long Bytes(string quantity, string? units, long defaultUnit, string field)
    {
        if (!long.TryParse(quantity.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidDataException($"{field}: '{Shorten(quantity)}' is not a whole number");
        }

        var unit = units is null ? defaultUnit : BytesPerUnit(units) ?? throw new InvalidDataException($"{field}: unknown allocation unit '{Shorten(units)}'");
        try
        {
            return checked(value * unit);
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{field}: {value} × {unit} bytes is beyond any disk");
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex(@"^byte\s*\*\s*(?<base>2|10)\s*\^\s*(?<exponent>\d{1,2})$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex Power();
}
