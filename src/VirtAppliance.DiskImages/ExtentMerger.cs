namespace VirtAppliance.DiskImages;

internal static class ExtentMerger
{
    /// <summary>Merges adjacent extents of the same kind and depth whose host offsets (if any) are contiguous.</summary>
    public static IEnumerable<Extent> Coalesce(IEnumerable<Extent> extents)
    {
        Extent? pending = null;
        foreach (var next in extents)
        {
            if (next.Length == 0)
            {
                continue;
            }

            if (pending is { } current && CanMerge(current, next))
            {
                pending = current with { Length = current.Length + next.Length };
                continue;
            }

            if (pending is { } done)
            {
                yield return done;
            }

            pending = next;
        }

        if (pending is { } last)
        {
            yield return last;
        }
    }

    private static bool CanMerge(Extent a, Extent b) =>
        a.End == b.Offset && a.Kind == b.Kind && a.Depth == b.Depth &&
        (a.HostOffset is null) == (b.HostOffset is null) &&
        (a.HostOffset is null || a.HostOffset + a.Length == b.HostOffset);
}
