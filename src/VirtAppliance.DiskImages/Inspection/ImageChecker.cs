using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.DiskImages.Inspection;

/// <summary>Checks an image's metadata for consistency, as <c>qemu-img check</c>.</summary>
public static class ImageChecker
{
    /// <summary>Checks the metadata of one layer; formats without metadata to check raise NotSupportedException.</summary>
    public static ImageCheckResult Check(string path, string? format = null)
    {
        var diskFormat = format is null ? FormatDetector.Detect(path) : FormatDetector.FromName(format);
        if (diskFormat is not Qcow2Format)
        {
            throw new NotSupportedException($"{path}: the {diskFormat.Name} format has no metadata to check");
        }

        using var image = Qcow2Image.Open(path, writable: false);
        return Qcow2Checker.Check(image);
    }
}
