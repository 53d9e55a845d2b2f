namespace VirtAppliance.DiskImages;

/// <summary>How compressed clusters are encoded (qcow2 header byte 104 uses these values).</summary>
public enum CompressionType
{
    /// <summary>Raw deflate, named zlib by QEMU.</summary>
    Zlib = 0,
    Zstd = 1,
}
