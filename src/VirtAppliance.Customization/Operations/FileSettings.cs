namespace VirtAppliance.Customization.Operations;

/// <summary>Mode and owner given to created files; null keeps the default (0644 files, 0755 folders, root).</summary>
public sealed record FileSettings(UnixFileMode? Mode, string? Owner)
{
    public static FileSettings Default { get; } = new(null, null);

    /// <summary>On FAT: refused when a mode or owner is asked for.</summary>
    internal string? FatRefusal(string filesystem) =>
        Mode is not null || Owner is not null ? $"mode and owner cannot be kept on a {filesystem} filesystem; leave them out" : null;
}
