using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>What to write: qemu-img convert's -f, -O, -c and -o, for the formats this library creates.</summary>
public sealed record ConvertOptions
{
    /// <summary>The format to write.</summary>
    public required DiskFormat OutputFormat { get; init; }

    /// <summary>Format of the source instead of detection (qemu-img's -f).</summary>
    public string? SourceFormat { get; init; }

    /// <summary>Compress the output's clusters (qcow2) or grains (VMDK streamOptimized).</summary>
    public bool Compress { get; init; }

    /// <summary>The compression type when <see cref="Compress"/> is set.</summary>
    public CompressionType Compression { get; init; } = CompressionType.Zlib;

    /// <summary>Compression level; null for the codec's default (zlib 6, zstd 3, as QEMU uses).</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>qcow2 layout (cluster size, compat, refcount width, preallocation); capacity and compression type are set by the converter.</summary>
    public Qcow2CreateOptions Qcow2 { get; init; } = new() { Capacity = 0 };

    /// <summary>vpc: dynamic|fixed; vdi: dynamic|static.</summary>
    public string? Subformat { get; init; }

    /// <summary>vpc: keep the exact size rather than rounding it up to CHS geometry (QEMU's force_size; Azure wants this).</summary>
    public bool ExactSize { get; init; }

    /// <summary>Whether helper threads prepare the output's page-cache pages ahead of the writer (uncompressed output on local file systems).</summary>
    public PageCacheWarming Warming { get; init; } = PageCacheWarming.WhenSlow;

    /// <summary>Where the output's identifiers and timestamps come from (seeded for reproducible builds).</summary>
    public ImageIdentity Identity { get; init; } = ImageIdentity.Random;

    /// <summary>Threads that compress; default: one per processor, plus three per task other programs have runnable (up to four per processor).</summary>
    public int? Threads { get; init; }
}
