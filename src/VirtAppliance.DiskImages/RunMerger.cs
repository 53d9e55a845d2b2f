namespace VirtAppliance.DiskImages;

/// <summary>Merges adjacent runs of a sequence when a rule allows it (extents, cluster mappings).</summary>
internal static class RunMerger
{
    /// <param name="runs">The runs in order.</param>
    /// <param name="tryMerge">Returns the merged run when the second may join the first, else null.</param>
    public static IEnumerable<T> Merge<T>(IEnumerable<T> runs, Func<T, T, T?> tryMerge)
        where T : struct
    {
        T? pending = null;
        foreach (var next in runs)
        {
            if (pending is { } current && tryMerge(current, next) is { } merged)
            {
                pending = merged;
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
}
