namespace VirtAppliance.Customization.Guest;

public enum GuestEntryKind
{
    None,
    File,
    Directory,
    Symlink,
    Other,
}

/// <summary>What a guest path is (without following a final symbolic link), or Kind None when it does not exist.</summary>
public sealed record GuestEntry(GuestEntryKind Kind, UnixFileMode Mode, int Uid, int Gid)
{
    public static readonly GuestEntry Missing = new(GuestEntryKind.None, 0, 0, 0);

    public bool Exists => Kind != GuestEntryKind.None;
}
