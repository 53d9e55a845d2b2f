using System.Diagnostics;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Guest;
using VirtAppliance.Customization.Images;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Customization;

public sealed record CustomizeResult(int Partition, int Operations, long BytesWritten, TimeSpan Elapsed);

/// <summary>
/// Applies a recipe offline to the ext filesystem inside a raw or qcow2 image (an overlay's base is only read): the
/// partition is copied out to a sparse file, edited there with debugfs, checked with e2fsck, and only then are the
/// chunks that changed written back — into a copy of a qcow2 file renamed over it, or in place for raw. A failing
/// operation leaves the image as it was.
/// </summary>
public static class Customizer
{
    public static CustomizeResult Apply(string imagePath, Recipe recipe, int? partitionNumber, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var image = Path.GetFullPath(imagePath);
        if (!File.Exists(image))
        {
            throw new FileNotFoundException($"{imagePath}: no such image", imagePath);
        }

        var work = Path.Combine(Path.GetDirectoryName(image)!, $".customize-{Path.GetFileName(image)}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(work);
        try
        {
            GuestPartition partition;
            var copy = Path.Combine(work, "partition");
            using (var source = DiskImageOpener.Open(image, writable: false))
            {
                partition = PartitionFinder.ChooseRoot(PartitionFinder.Find(source, image), partitionNumber, image);
                if (partition.Filesystem != GuestFilesystemType.Ext)
                {
                    throw new NotSupportedException($"{image}: partition {partition.Number} holds {partition.Filesystem}; recipes are applied offline to ext2/3/4 filesystems");
                }

                PartitionCopy.Extract(source, partition, copy, cancellationToken);
            }

            var guest = new ExtGuestFilesystem(copy, work);
            new RecipeApplier(recipe, guest, work).Apply(cancellationToken);
            guest.Flush();
            var check = ToolRunner.Execute("e2fsck", ["-fn", copy], cancellationToken: cancellationToken);
            if (check.ExitCode != 0)
            {
                throw new IOException($"{image}: after the recipe, e2fsck finds the filesystem inconsistent; the image was left as it was:\n{check.Output.Trim()}");
            }

            var written = WriteBack(image, copy, partition, cancellationToken);
            return new CustomizeResult(partition.Number, recipe.Operations.Count, written, watch.Elapsed);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static long WriteBack(string image, string copy, GuestPartition partition, CancellationToken cancellationToken)
    {
        if (FormatDetector.Detect(image) is not DiskImages.Qcow2.Qcow2Format)
        {
            using var target = DiskImageOpener.Open(image, writable: true);
            return PartitionCopy.WriteBack(copy, target, partition, cancellationToken);
        }

        // A qcow2 file (typically a small per-instance overlay) is written as a sibling copy (its relative backing
        // path still resolves) and renamed over the original when complete.
        var staged = TemporaryFile.For(image);
        File.Copy(image, staged);
        try
        {
            long written;
            using (var target = DiskImageOpener.Open(staged, writable: true))
            {
                written = PartitionCopy.WriteBack(copy, target, partition, cancellationToken);
            }

            File.Move(staged, image, overwrite: true);
            return written;
        }
        catch
        {
            TemporaryFile.DeleteQuietly(staged);
            throw;
        }
    }
}
