using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.DiskImages.Inspection;

/// <summary>Describes images as <c>qemu-img info</c> does.</summary>
public static class ImageInspector
{
    /// <summary>The format, sizes, format details and backing chain of <paramref name="image"/>.</summary>
    public static ImageDescription Describe(DiskImage image)
    {
        var description = new ImageDescription
        {
            Filename = image.FilePath,
            Format = image.Format.Name,
            VirtualSize = image.Capacity,
            ActualSize = image.AllocatedBytes,
            FileLength = new FileInfo(image.FilePath).Length,
            BackingFilename = image.BackingFileName,
            BackingFilenameFormat = image.BackingFormatName ?? image.Backing?.Format.Name,
            FullBackingFilename = image.Backing is null ? null : Path.GetFullPath(image.Backing.FilePath),
            Backing = image.Backing is null ? null : Describe(image.Backing),
        };

        return image is Qcow2Image qcow2
            ? description with
            {
                ClusterSize = qcow2.ClusterSize,
                CompressionType = qcow2.CompressionType.ToString().ToLowerInvariant(),
                Compat = qcow2.Version >= 3 ? "1.1" : "0.10",
                RefcountBits = qcow2.RefcountBits,
                ExtendedL2 = qcow2.HasExtendedL2,
                LazyRefcounts = qcow2.HasLazyRefcounts,
                DirtyFlag = qcow2.IsDirty,
                Corrupt = qcow2.IsMarkedCorrupt,
                Snapshots = qcow2.SnapshotCount,
            }
            : description;
    }
}
