namespace VirtAppliance.Building.RootFilesystem;

/// <summary>
/// What the staged tree cannot hold by itself when the build does not run as root: owners other than root, and device
/// nodes and FIFOs. Applied to the finished filesystem with debugfs. Paths are absolute inside the guest.
/// </summary>
internal sealed class OwnershipLedger
{
    private readonly Dictionary<string, (int Uid, int Gid)> _owners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecialFile> _specials = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (int Uid, int Gid)> Owners => _owners;

    public IReadOnlyDictionary<string, SpecialFile> SpecialFiles => _specials;

    public void SetOwner(string guestPath, int uid, int gid)
    {
        if (uid == 0 && gid == 0)
        {
            _owners.Remove(guestPath);
        }
        else
        {
            _owners[guestPath] = (uid, gid);
        }
    }

    public void AddSpecial(string guestPath, SpecialFile special) => _specials[guestPath] = special;

    public void Forget(string guestPath)
    {
        _owners.Remove(guestPath);
        _specials.Remove(guestPath);
    }
}

/// <summary>A character or block device, or a FIFO, with its permission bits.</summary>
internal sealed record SpecialFile(char Kind, int Major, int Minor, UnixFileMode Mode);
