using System.Globalization;

namespace VirtAppliance.Cli.Output;

/// <summary>Sizes as qemu-img writes and reads them: 1024-based suffixes K, M, G, T, P, E.</summary>
internal static class ByteSize
{
    private const string Suffixes = "KMGTPE";

    public static long Parse(string text, string what)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith("iB", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[..^2];
        }
        else if (trimmed.EndsWith('B') || trimmed.EndsWith('b'))
        {
            trimmed = trimmed[..^1];
        }

        var multiplier = 1L;
        var suffix = trimmed.Length > 0 ? Suffixes.IndexOf(char.ToUpperInvariant(trimmed[^1])) : -1;
        if (suffix >= 0)
        {
            multiplier = 1L << (10 * (suffix + 1));
            trimmed = trimmed[..^1];
        }

        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            throw new ArgumentException($"{what} '{text}' is not a size; write a number of bytes with an optional K, M, G, T, P or E suffix");
        }

        try
        {
            return checked((long)(number * multiplier));
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{what} '{text}' is too large");
        }
    }

    public static string Format(long bytes)
    {
        if (bytes < 1024)
        {
            return $"{bytes} B";
        }

        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < Suffixes.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {Suffixes[unit]}iB");
    }
}
