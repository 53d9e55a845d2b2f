using VirtAppliance.DiskImages;

namespace VirtAppliance.Customization.Images;

/// <summary>
/// Copies a partition out of an image (through its backing chain) into a sparse file, and later writes back only the
/// chunks that changed, so an overlay gains only the clusters a recipe touched and its base is never written.
/// </summary>
public static class PartitionCopy
{
    private const int ChunkSize = 64 << 10;

    public static void Extract(DiskImage image, GuestPartition partition, string file, CancellationToken cancellationToken)
    {
        using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        output.SetLength(partition.Size);
        var buffer = new byte[1 << 20];
        foreach (var extent in image.GetExtents(partition.Offset, partition.Size).Where(e => e.Kind == ExtentKind.Data))
        {
            for (var offset = extent.Offset; offset < extent.End; offset += buffer.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = (int)Math.Min(buffer.Length, extent.End - offset);
                image.Read(offset, buffer.AsSpan(0, length));
                output.Position = offset - partition.Offset;
                output.Write(buffer, 0, length);
            }
        }
    }

    /// <summary>Writes the chunks of the file that differ from the image; returns how many bytes were written.</summary>
    public static long WriteBack(string file, DiskImage image, GuestPartition partition, CancellationToken cancellationToken)
    {
        using var edited = DiskImageOpener.Open(file, writable: false, "raw");
        var mine = new byte[ChunkSize];
        var theirs = new byte[ChunkSize];
        long written = 0;
        foreach (var extent in edited.GetExtents(0, edited.Capacity).Where(e => e.Kind == ExtentKind.Data))
        {
            for (var offset = extent.Offset / ChunkSize * ChunkSize; offset < extent.End; offset += ChunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = (int)Math.Min(ChunkSize, partition.Size - offset);
                edited.Read(offset, mine.AsSpan(0, length));
                image.Read(partition.Offset + offset, theirs.AsSpan(0, length));
                if (!mine.AsSpan(0, length).SequenceEqual(theirs.AsSpan(0, length)))
                {
                    image.Write(partition.Offset + offset, mine.AsSpan(0, length));
                    written += length;
                }
            }
        }

        image.Flush();
        return written;
    }
}
