using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;
using VirtAppliance.DiskImages.Vdi;
using VirtAppliance.DiskImages.Vhd;
using VirtAppliance.DiskImages.Vhdx;
using VirtAppliance.DiskImages.Vmdk;

namespace VirtAppliance.DiskImages;

/// <summary>Creates new images of the formats that can be written.</summary>
public static class DiskImageFactory
{
    /// <summary>Subformats by output format, as --subformat takes them (the first is the default).</summary>
    public static IReadOnlyDictionary<string, string[]> Subformats { get; } = new Dictionary<string, string[]>
    {
        ["vpc"] = ["dynamic", "fixed"],
        ["vdi"] = ["dynamic", "static"],
        ["vhdx"] = ["dynamic", "fixed"],
        ["vmdk"] = ["monolithicSparse", "streamOptimized"],
    };

    /// <param name="format">The output format.</param>
    /// <param name="path">The file to create (it must not exist).</param>
    /// <param name="capacity">Virtual size in bytes.</param>
    /// <param name="qcow2">qcow2 layout options.</param>
    /// <param name="subformat">vpc and vhdx: dynamic|fixed; vdi: dynamic|static; vmdk: monolithicSparse|streamOptimized.</param>
    /// <param name="exactSize">vpc: keep the exact size instead of rounding to CHS geometry (QEMU's force_size).</param>
    public static DiskImage Create(DiskFormat format, string path, long capacity, Qcow2CreateOptions? qcow2 = null, string? subformat = null, bool exactSize = false)
    {
        CheckSubformat(format, subformat);
        return format switch
        {
            RawFormat => RawImage.Create(path, capacity),
            Qcow2Format => Qcow2Image.Create(path, (qcow2 ?? new Qcow2CreateOptions { Capacity = capacity }) with { Capacity = capacity }),
            VhdFormat => VhdImage.Create(path, capacity, isFixed: subformat == "fixed", exactSize),
            VdiFormat => VdiImage.Create(path, capacity, isStatic: subformat == "static"),
            VhdxFormat => VhdxImage.Create(path, capacity, isFixed: subformat == "fixed"),
            VmdkFormat when subformat == "streamOptimized" => VmdkStreamImage.Create(path, capacity),
            VmdkFormat => VmdkCreator.CreateMonolithicSparse(path, capacity),
            _ => throw new NotSupportedException($"creating {format.Name} images is not supported yet; supported output formats: raw, qcow2, vpc (vhd), vhdx, vdi, vmdk"),
        };
    }

    private static void CheckSubformat(DiskFormat format, string? subformat)
    {
        if (subformat is null)
        {
            return;
        }

        if (!Subformats.TryGetValue(format.Name, out var known) || !known.Contains(subformat))
        {
            var choices = Subformats.TryGetValue(format.Name, out var names) ? string.Join(", ", names) : "none";
            throw new ArgumentException($"subformat '{subformat}' is not known for {format.Name}; choices: {choices}");
        }
    }
}
