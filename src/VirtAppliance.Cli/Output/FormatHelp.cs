using VirtAppliance.DiskImages;

namespace VirtAppliance.Cli.Output;

/// <summary>Help texts that list formats, made from the format registry so a new format appears in them by itself.</summary>
internal static class FormatHelp
{
    public static string OutputFormats => $"Output format: {DiskFormat.WritableNames}";

    public static string CreateFormats => $"Format: {DiskFormat.WritableNames}";

    /// <summary>"vmdk: monolithicSparse (default) or streamOptimized; vpc: dynamic (default) or fixed; ..."</summary>
    public static string Subformats => string.Join("; ", DiskFormat.Writable
        .Where(f => f.Subformats.Count > 0)
        .Select(f => $"{f.FileExtension}: {f.Subformats[0]} (default) or {string.Join(" or ", f.Subformats.Skip(1))}"));

    public static string ImageFormats => string.Join(", ", DiskFormat.Writable.Select(f => f.FileExtension));
}
