using System.Numerics;
using System.Text;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>What <c>qemu-img create -f qcow2 -o ...</c> takes, for the options this library writes.</summary>
public sealed record Qcow2CreateOptions
{
    /// <summary>The virtual size in bytes.</summary>
    public required long Capacity { get; init; }

    /// <summary>Bytes per cluster, a power of two from 512 to 2 MiB (default 64 KiB).</summary>
    public int ClusterSize { get; init; } = 1 << Qcow2Constants.DefaultClusterBits;

    /// <summary>2 for compat=0.10, 3 for compat=1.1.</summary>
    public int Version { get; init; } = 3;

    /// <summary>Refcount width in bits: 1, 2, 4, 8, 16, 32 or 64 (default 16).</summary>
    public int RefcountBits { get; init; } = 16;

    /// <summary>How compressed clusters are compressed (zstd needs QEMU 5.1 or later).</summary>
    public CompressionType CompressionType { get; init; } = CompressionType.Zlib;

    /// <summary>The backing file name exactly as it is stored; relative names resolve from the image's folder.</summary>
    public string? BackingFile { get; init; }

    /// <summary>The format recorded for the backing file.</summary>
    public string? BackingFormat { get; init; }

    /// <summary>Which space to allocate up front.</summary>
    public Qcow2Preallocation Preallocation { get; init; } = Qcow2Preallocation.Off;

    /// <summary>Update refcounts lazily (marks the image dirty while open).</summary>
    public bool LazyRefcounts { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Capacity);
        if (!BitOperations.IsPow2(ClusterSize) || ClusterSize < 512 || ClusterSize > (2 << 20))
        {
            throw new ArgumentException($"cluster size {ClusterSize} must be a power of two from 512 to 2097152", nameof(ClusterSize));
        }

        if (!BitOperations.IsPow2(RefcountBits) || RefcountBits > 64)
        {
            throw new ArgumentException($"refcount bits {RefcountBits} must be 1, 2, 4, 8, 16, 32 or 64", nameof(RefcountBits));
        }

        if (Version is not (2 or 3))
        {
            throw new ArgumentException($"qcow2 version {Version} must be 2 (compat=0.10) or 3 (compat=1.1)", nameof(Version));
        }

        if (Version == 2 && (RefcountBits != 16 || CompressionType != CompressionType.Zlib || LazyRefcounts))
        {
            throw new ArgumentException("compat=0.10 (version 2) images support only 16-bit refcounts, zlib compression and no lazy refcounts", nameof(Version));
        }

        if (BackingFile is not null && Encoding.UTF8.GetByteCount(BackingFile) is 0 or > Qcow2Constants.MaxBackingFileNameLength)
        {
            throw new ArgumentException($"backing file name must be 1 to {Qcow2Constants.MaxBackingFileNameLength} bytes", nameof(BackingFile));
        }
    }
}
