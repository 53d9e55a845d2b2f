using System.Globalization;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Cli.Output;

/// <summary>The qcow2 -o options qemu-img create and convert accept, applied to creation options.</summary>
internal static class Qcow2OptionParser
{
    private static readonly string[] Known =
        ["cluster_size", "compat", "refcount_bits", "preallocation", "compression_type", "lazy_refcounts", "backing_file", "backing_fmt"];

    public static Qcow2CreateOptions Apply(IReadOnlyDictionary<string, string> values, Qcow2CreateOptions options)
    {
        foreach (var (key, value) in values)
        {
            options = key switch
            {
                "cluster_size" => options with { ClusterSize = checked((int)ByteSize.Parse(value, "cluster_size")) },
                "compat" => options with { Version = value switch { "0.10" or "v2" => 2, "1.1" or "v3" => 3, _ => throw Invalid(key, value, "0.10 or 1.1") } },
                "refcount_bits" => options with { RefcountBits = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : throw Invalid(key, value, "1, 2, 4, 8, 16, 32 or 64") },
                "preallocation" => options with { Preallocation = value switch { "off" => Qcow2Preallocation.Off, "metadata" => Qcow2Preallocation.Metadata, _ => throw Invalid(key, value, "off or metadata") } },
                "compression_type" => options with { CompressionType = ParseCompression(value) },
                "lazy_refcounts" => options with { LazyRefcounts = value switch { "on" => true, "off" => false, _ => throw Invalid(key, value, "on or off") } },
                "backing_file" => options with { BackingFile = value },
                "backing_fmt" => options with { BackingFormat = value },
                _ => throw new ArgumentException($"unknown qcow2 option '{key}'; known options: {string.Join(", ", Known)}"),
            };
        }

        return options;
    }

    public static CompressionType ParseCompression(string value) => value switch
    {
        "zlib" or "deflate" => CompressionType.Zlib,
        "zstd" => CompressionType.Zstd,
        _ => throw Invalid("compression type", value, "zlib or zstd"),
    };

    private static ArgumentException Invalid(string key, string value, string expected) =>
        new($"{key}={value} is not valid; use {expected}");
}
