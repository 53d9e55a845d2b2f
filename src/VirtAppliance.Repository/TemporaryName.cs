namespace VirtAppliance.Repository;

/// <summary>A unique hidden sibling name to write under before renaming into place (concurrent writers never share one).</summary>
internal static class TemporaryName
{
    public static string For(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid().ToString("N")[..8]}");
}
