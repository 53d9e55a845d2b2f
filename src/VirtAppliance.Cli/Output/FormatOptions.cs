using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Cli.Output;

/// <summary>Splits qemu-img style -o options by output format: qcow2 layout, or vpc/vdi subformat and exact size.</summary>
internal static class FormatOptions
{
    public sealed record Parsed(Qcow2CreateOptions Qcow2, string? Subformat, bool ExactSize);

    public static Parsed Parse(DiskFormat format, IEnumerable<string> options, string? subformat)
    {
        var values = KeyValueOptions.Parse(options);
        subformat ??= Take(values, "subformat");
        var exactSize = Take(values, "force_size") is "on" or "true";
        if (Take(values, "static") is "on" or "true")
        {
            subformat = "static";
        }

        if (format is Qcow2Format || values.Count == 0)
        {
            return new Parsed(Qcow2OptionParser.Apply(values, new Qcow2CreateOptions { Capacity = 0 }), subformat, exactSize);
        }

        throw new ArgumentException($"-o {string.Join(",", values.Keys)} does not apply to {format.Name} output; it takes subformat{(format.Name == "vpc" ? " and force_size" : "")}");
    }

    private static string? Take(Dictionary<string, string> values, string key) =>
        values.Remove(key, out var value) ? value : null;
}
