namespace VirtAppliance.DiskImages;

/// <summary>How compressed clusters are encoded (qcow2 header byte 104 uses these values).</summary>
public enum CompressionType
{
    /// <summary>Raw deflate, named zlib by QEMU.</summary>
    Zlib = 0,

    /// <summary>zstd, qcow2's compression type 1 (QEMU 5.1 and later).</summary>
    Zstd = 1,
}
