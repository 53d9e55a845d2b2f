namespace VirtAppliance.DiskImages.Conversion;

/// <summary>The guest ranges of a disk that hold data, widened to a granularity and merged.</summary>
internal static class DataRanges
{
    public static List<(long Start, long End)> Of(DiskImage image, long granularity)
    {
        var ranges = new List<(long Start, long End)>();
        foreach (var extent in image.GetExtents(0, image.Capacity))
        {
            if (extent.Kind != ExtentKind.Data)
            {
                continue;
            }

            var start = extent.Offset / granularity * granularity;
            var end = Math.Min(image.Capacity, (extent.End + granularity - 1) / granularity * granularity);
            if (ranges.Count > 0 && ranges[^1].End >= start)
            {
                ranges[^1] = (ranges[^1].Start, Math.Max(ranges[^1].End, end));
            }
            else
            {
                ranges.Add((start, end));
            }
        }

        return ranges;
    }

    public static long Total(List<(long Start, long End)> ranges) => ranges.Sum(r => r.End - r.Start);

    /// <summary>Splits the ranges into aligned chunks of at most chunkSize bytes.</summary>
    public static IEnumerable<(long Offset, int Length)> Chunks(List<(long Start, long End)> ranges, int chunkSize)
    {
        foreach (var (start, end) in ranges)
        {
            for (var offset = start; offset < end;)
            {
                var next = Math.Min(end, (offset / chunkSize + 1) * chunkSize);
                yield return (offset, (int)(next - offset));
                offset = next;
            }
        }
    }
}
