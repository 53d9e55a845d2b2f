namespace VirtAppliance.Customization.Images;

public enum GuestFilesystemType
{
    Ext,
    Fat,
    Other,
}

/// <summary>A filesystem inside a disk image: its partition number (0 for a whole-disk filesystem), place and type.</summary>
public sealed record GuestPartition(int Number, long Offset, long Size, GuestFilesystemType Filesystem, bool IsRootType);
