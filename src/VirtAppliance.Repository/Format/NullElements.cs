namespace VirtAppliance.Repository.Format;

/// <summary>
/// Lists in repository documents whose JSON holds a null (<c>"variants": [null]</c>): the serializer keeps such an
/// element, and nullable annotations do not cover list elements, so each document's lists are named here.
/// </summary>
internal static class NullElements
{
    /// <summary>The first list holding a null, as a JSON path ("variants[2]"), or null when there is none.</summary>
    public static string? Find<T>(T document) => document switch
    {
        ApplianceManifest m => In("disks", m.Disks) ?? In("boot-files", m.BootFiles) ?? In("variants", m.Variants)
            ?? Each("variants", m.Variants, v => In("disks", v.Disks) ?? In("boot-files", v.BootFiles)),
        RepositoryIndex i => In("appliances", i.Appliances) ?? Each("appliances", i.Appliances, e => In("variants", e.Variants)),
        Oci.OciImageIndex i => In("manifests", i.Manifests),
        Oci.OciImageManifest m => In("layers", m.Layers),
        _ => null,
    };

    /// <summary>
    /// The document with its optional lists that were left out made empty. The generated deserializer sets every
    /// init-only property in one object initializer, so a list left out of the JSON arrives as null, not as its
    /// declared default (found by fuzzing: a manifest without "boot-files"). Called after <see cref="Find"/>: no element is null.
    /// </summary>
    public static T WithEmptyLists<T>(T document) => document switch
    {
        ApplianceManifest m => (T)(object)(m with
        {
            BootFiles = m.BootFiles ?? [],
            Variants = m.Variants.Select(v => v with { BootFiles = v.BootFiles ?? [] }).ToList(),
        }),
        RepositoryIndex i => (T)(object)(i with
        {
            Appliances = (i.Appliances ?? []).Select(e => e with { Variants = e.Variants ?? [] }).ToList(),
        }),
        _ => document,
    };

    private static string? In<TElement>(string name, IReadOnlyList<TElement>? list)
    {
        // A list left out is not a list of nulls (a required one left out is the serializer's error).
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null)
            {
                return $"{name}[{i}]";
            }
        }

        return null;
    }

    private static string? Each<TElement>(string name, IReadOnlyList<TElement>? list, Func<TElement, string?> inner)
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (inner(list![i]) is { } found)
            {
                return $"{name}[{i}].{found}";
            }
        }

        return null;
    }
}
