namespace VirtAppliance.Repository.Client;

/// <summary>Orders versions like "1.10" after "1.9": numeric segments compared as numbers, others as text.</summary>
public sealed class VersionOrder : IComparer<string?>
{
    public static VersionOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x == y)
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var a = x.Split('.', '-');
        var b = y.Split('.', '-');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var order = long.TryParse(a[i], out var na) && long.TryParse(b[i], out var nb)
                ? na.CompareTo(nb)
                : string.CompareOrdinal(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
