namespace VirtAppliance.Customization.Applying;

public enum ArchiveEntryKind
{
    File,
    Directory,
    Symlink,
    HardLink,
    Device,
}

/// <summary>One member of a tar or cpio archive, as the guest will get it.</summary>
public sealed record ArchiveEntry(string Name, ArchiveEntryKind Kind, UnixFileMode Mode, int Uid, int Gid, string? LinkTarget, byte[]? Content);
