namespace VirtAppliance.DiskImages;

/// <summary>A disk container format: how to recognise it from its bytes and how to open it.</summary>
public abstract class DiskFormat
{
    /// <summary>The name users type after -O / -f, as qemu-img spells it.</summary>
    public abstract string Name { get; }

    /// <summary>Whether this format can be opened (a recognised but unsupported format cannot).</summary>
    public virtual bool CanOpen => true;

    /// <summary>Whether images of this format can be created.</summary>
    public virtual bool CanCreate => false;

    /// <summary>Looks at the first <see cref="FormatDetector.HeadSize"/> bytes and the last 512 bytes of a file.</summary>
    public abstract bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength);

    /// <summary>Opens this layer only; <see cref="DiskImageOpener"/> attaches the backing chain.</summary>
    public abstract DiskImage Open(string path, bool writable);

    public override string ToString() => Name;
}
