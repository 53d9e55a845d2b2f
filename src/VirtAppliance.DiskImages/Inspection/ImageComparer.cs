using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.DiskImages.Inspection;

/// <summary>Compares guest contents like <c>qemu-img compare</c>: ranges both report as zeros are not read.</summary>
public static class ImageComparer
{
    private const int ChunkSize = 2 << 20;

    /// <summary>Compares what two images read as, as <c>qemu-img compare</c>: identical, or the first offset that differs.</summary>
    public static CompareResult Compare(
        DiskImage first, DiskImage second, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var common = Math.Min(first.Capacity, second.Capacity);
        var ranges = Union(DataRanges.Of(first, 1), DataRanges.Of(second, 1), common);
        var total = DataRanges.Total(ranges);
        var done = 0L;
        var a = new byte[ChunkSize];
        var b = new byte[ChunkSize];
        foreach (var (offset, length) in DataRanges.Chunks(ranges, ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            first.Read(offset, a.AsSpan(0, length));
            second.Read(offset, b.AsSpan(0, length));
            var difference = a.AsSpan(0, length).CommonPrefixLength(b.AsSpan(0, length));
            if (difference < length)
            {
                return new CompareResult(false, offset + difference, first.Capacity != second.Capacity);
            }

            done += length;
            progress?.Report(new TransferProgress(done, total));
        }

        var longer = first.Capacity > second.Capacity ? first : second;
        if (longer.Capacity != common && FirstNonZero(longer, common, cancellationToken) is { } tail)
        {
            return new CompareResult(false, tail, true);
        }

        return new CompareResult(true, null, first.Capacity != second.Capacity);
    }

    private static long? FirstNonZero(DiskImage image, long from, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkSize];
        var ranges = DataRanges.Of(image, 1).Where(r => r.End > from).Select(r => (Math.Max(r.Start, from), r.End)).ToList();
        foreach (var (offset, length) in DataRanges.Chunks(ranges, ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            image.Read(offset, buffer.AsSpan(0, length));
            var index = buffer.AsSpan(0, length).IndexOfAnyExcept((byte)0);
            if (index >= 0)
            {
                return offset + index;
            }
        }

        return null;
    }

    private static List<(long Start, long End)> Union(List<(long Start, long End)> x, List<(long Start, long End)> y, long limit)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var (start, end) in x.Concat(y).Where(r => r.Start < limit).OrderBy(r => r.Start))
        {
            var clipped = Math.Min(end, limit);
            if (merged.Count > 0 && merged[^1].End >= start)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, clipped));
            }
            else
            {
                merged.Add((start, clipped));
            }
        }

        return merged;
    }
}
