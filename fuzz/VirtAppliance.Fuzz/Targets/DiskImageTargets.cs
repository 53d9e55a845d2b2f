using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>Disk images as `image info`, `convert` and `check` meet them: detected by content, opened, read, mapped, checked.</summary>
public static class DiskImageTargets
{
    /// <summary>Reads stop here: enough to reach every table of a small image, bounded for huge claimed sizes.</summary>
    private const long MaxBytesRead = 4 << 20;

    public static void Image(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        Exercise(scratch.Write("image", input));
    }

    /// <summary>An image given as the non-zero runs of its file (<see cref="SparseInput"/>).</summary>
    public static void SparseImage(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        var path = Path.Combine(scratch.Folder, "image");
        SparseInput.Unpack(input, path);
        Exercise(path);
    }

    private static void Exercise(string path)
    {
        using (var image = DiskImageOpener.Open(path))
        {
            var length = Math.Min(image.Capacity, MaxBytesRead);
            var buffer = new byte[64 << 10];
            for (var offset = 0L; offset < length; offset += buffer.Length)
            {
                image.Read(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)));
            }

            foreach (var _ in image.GetExtents(0, length))
            {
            }
        }

        if (FormatDetector.Detect(path) is Qcow2Format)
        {
            _ = ImageChecker.Check(path);
        }
    }

    /// <summary>A VMDK text descriptor next to a 1 MiB flat extent named <c>extent.raw</c>.</summary>
    public static void VmdkDescriptor(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        using (var extent = File.Create(Path.Combine(scratch.Folder, "extent.raw")))
        {
            extent.SetLength(1 << 20);
        }

        var path = scratch.Write("image.vmdk", input);
        using var image = DiskImageOpener.Open(path);
        var length = Math.Min(image.Capacity, MaxBytesRead);
        var buffer = new byte[64 << 10];
        for (var offset = 0L; offset < length; offset += buffer.Length)
        {
            image.Read(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)));
        }
    }

    /// <summary>Content detection alone, from the file and from its head and tail.</summary>
    public static void Detect(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        var path = scratch.Write("image", input);
        _ = FormatDetector.Detect(path);
        var head = input.AsSpan(0, Math.Min(input.Length, FormatDetector.HeadSize));
        var tail = input.AsSpan(Math.Max(0, input.Length - FormatDetector.TailSize));
        _ = FormatDetector.Detect(head, tail, input.Length);
    }
}
