using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;
using VirtAppliance.DiskImages.Unsupported;
using VirtAppliance.DiskImages.Vdi;
using VirtAppliance.DiskImages.Vhd;
using VirtAppliance.DiskImages.Vhdx;
using VirtAppliance.DiskImages.Vmdk;

namespace VirtAppliance.DiskImages;

/// <summary>The formats known to this library, listed by hand, and detection by content (never by extension).</summary>
public static class FormatDetector
{
    /// <summary>Bytes read from the start of a file to detect its format.</summary>
    public const int HeadSize = 4096;

    /// <summary>Bytes read from the end of a file (a VHD footer) to detect its format.</summary>
    public const int TailSize = 512;

    /// <summary>Formats in probing order; raw matches anything and comes last.</summary>
    public static IReadOnlyList<DiskFormat> All { get; } =
    [
        Qcow2Format.Instance,
        VmdkFormat.Instance,
        VhdxFormat.Instance,
        VdiFormat.Instance,
        RecognizedFormats.Qed,
        VhdFormat.Instance,
        RawFormat.Instance,
    ];

    /// <summary>The format qemu-img calls <paramref name="name"/> (raw, qcow2, vmdk, vpc or vhd, vhdx, vdi).</summary>
    public static DiskFormat FromName(string name)
    {
        if (string.Equals(name, "vhd", StringComparison.OrdinalIgnoreCase))
        {
            return VhdFormat.Instance;
        }

        foreach (var format in All)
        {
            if (string.Equals(format.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        throw new ArgumentException(
            $"unknown disk format '{name}'; known formats: {string.Join(", ", All.Select(f => f.Name))}", nameof(name));
    }

    /// <summary>The format of the file at <paramref name="path"/>, from its content (raw when no signature matches).</summary>
    public static DiskFormat Detect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        var length = stream.Length;
        var head = new byte[(int)Math.Min(HeadSize, length)];
        stream.ReadExactly(head);
        var tail = new byte[(int)Math.Min(TailSize, length)];
        stream.Position = length - tail.Length;
        stream.ReadExactly(tail);
        return Detect(head, tail, length);
    }

    /// <summary>The format of a file from its first and last bytes and its length.</summary>
    public static DiskFormat Detect(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength)
    {
        foreach (var format in All)
        {
            if (format.IsMatch(head, tail, fileLength))
            {
                return format;
            }
        }

        return RawFormat.Instance;
    }
}
