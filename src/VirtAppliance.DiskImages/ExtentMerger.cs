namespace VirtAppliance.DiskImages;

internal static class ExtentMerger
{
    /// <summary>Merges adjacent extents of the same kind and depth whose host offsets (if any) are contiguous.</summary>
    public static IEnumerable<Extent> Coalesce(IEnumerable<Extent> extents) =>
        RunMerger.Merge(extents.Where(e => e.Length > 0), (a, b) => CanMerge(a, b) ? a with { Length = a.Length + b.Length } : null);

    private static bool CanMerge(Extent a, Extent b) =>
        a.End == b.Offset && a.Kind == b.Kind && a.Depth == b.Depth &&
        (a.HostOffset is null) == (b.HostOffset is null) &&
        (a.HostOffset is null || a.HostOffset + a.Length == b.HostOffset);
}
