using System.Diagnostics;
using VirtAppliance.Customization.Applying;
using VirtAppliance.Customization.Guest;
using VirtAppliance.Customization.Images;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.DiskImages;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Customization;

public sealed record CustomizeResult(int Partition, int Operations, long BytesWritten, TimeSpan Elapsed);

/// <summary>
/// Applies a recipe offline to the ext or FAT filesystem inside a raw or qcow2 image (an overlay's base is only read):
/// the partition is copied out to a sparse file, edited there (debugfs; mtools), checked (e2fsck; fsck.fat), and only then are the
/// chunks that changed written back — into a copy of a qcow2 file renamed over it, or in place for raw. A failing
/// operation leaves the image as it was.
/// </summary>
public static class Customizer
{
    /// <param name="linuxRootOnly">only an ext filesystem will do (deploy: the instance's root); a FAT-only image is NotSupported</param>
    public static CustomizeResult Apply(string imagePath, Recipe recipe, int? partitionNumber, CancellationToken cancellationToken, bool linuxRootOnly = false)
    {
        var watch = Stopwatch.StartNew();
        var image = Path.GetFullPath(imagePath);
        if (!File.Exists(image))
        {
            throw new FileNotFoundException($"{imagePath}: no such image", imagePath);
        }

        var work = TemporaryFile.Folder(Path.GetDirectoryName(Path.GetFullPath(image))!, $"customize-{Path.GetFileName(image)}");
        Directory.CreateDirectory(work);
        var staging = TemporaryFile.MemoryFolder("customize") ?? work;
        try
        {
            GuestPartition partition;
            IGuestFilesystem guest;
            var copy = Path.Combine(work, "partition");
            using (var source = DiskImageOpener.Open(image, writable: false))
            {
                partition = PartitionFinder.ChooseRoot(PartitionFinder.Find(source, image), partitionNumber, image, allowFat: !linuxRootOnly);
                guest = partition.Filesystem switch
                {
                    GuestFilesystemType.Ext => new ExtGuestFilesystem(copy, staging),
                    GuestFilesystemType.Fat => new FatGuestFilesystem(copy, staging),
                    _ => throw new NotSupportedException($"{image}: partition {partition.Number} holds no filesystem recipes can change offline (ext2/3/4 or FAT)"),
                };
                PartitionCopy.Extract(source, partition, copy, cancellationToken);
            }

            new RecipeApplier(recipe, guest, staging).Apply(cancellationToken);
            guest.Flush();
            Check(guest, copy, image, cancellationToken);

            var written = WriteBack(image, copy, partition, cancellationToken);
            return new CustomizeResult(partition.Number, recipe.Operations.Count, written, watch.Elapsed);
        }
        finally
        {
            foreach (var folder in new[] { staging, work }.Distinct())
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>The changed filesystem must be consistent before a byte of it reaches the image.</summary>
    private static void Check(IGuestFilesystem guest, string copy, string image, CancellationToken cancellationToken)
    {
        var (tool, arguments) = guest is FatGuestFilesystem ? ("fsck.fat", new[] { "-n", copy }) : ("e2fsck", new[] { "-fn", copy });
        var check = ToolRunner.Execute(tool, arguments, cancellationToken: cancellationToken);
        if (check.ExitCode != 0)
        {
            throw new IOException($"{image}: after the recipe, {tool} finds the {guest.Type} filesystem inconsistent; the image was left as it was:\n{check.Output.Trim()}");
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
