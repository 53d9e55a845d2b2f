using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;

namespace VirtAppliance.DiskImages;

/// <summary>Creates new images of the formats that can be written.</summary>
public static class DiskImageFactory
{
    public static DiskImage Create(DiskFormat format, string path, long capacity, Qcow2CreateOptions? qcow2 = null) => format switch
    {
        RawFormat => RawImage.Create(path, capacity),
        Qcow2Format => Qcow2Image.Create(path, (qcow2 ?? new Qcow2CreateOptions { Capacity = capacity }) with { Capacity = capacity }),
        _ => throw new NotSupportedException($"creating {format.Name} images is not supported yet; supported output formats: raw, qcow2"),
    };
}
