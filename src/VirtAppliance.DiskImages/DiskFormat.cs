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

    /// <summary>What --subformat takes, the default first; empty when the format has no variants.</summary>
    public virtual IReadOnlyList<string> Subformats => [];

    /// <summary>The file name extension images of this format get (vpc: vhd).</summary>
    public virtual string FileExtension => Name;

    /// <summary>Every format that can be created, in the order help lists them.</summary>
    public static IReadOnlyList<DiskFormat> Writable => [.. FormatDetector.All.Where(f => f.CanCreate).OrderBy(f => f.HelpOrder)];

    /// <summary>"raw, qcow2, vmdk, vpc (or vhd), vhdx, vdi": the writable formats as help text names them.</summary>
    public static string WritableNames => string.Join(", ", Writable.Select(f => f.FileExtension == f.Name ? f.Name : $"{f.Name} (or {f.FileExtension})"));

    /// <summary>Creates a new image (the file must not exist), checking the subformat first.</summary>
    public DiskImage Create(string path, ImageCreation creation)
    {
        if (!CanCreate)
        {
            throw new NotSupportedException($"creating {Name} images is not supported; output formats: {WritableNames}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(creation.Capacity);
        if (creation.Subformat is { } subformat && !Subformats.Contains(subformat))
        {
            throw new ArgumentException($"subformat '{subformat}' is not known for {Name}; choices: {(Subformats.Count == 0 ? "none" : string.Join(", ", Subformats))}");
        }

        return CreateCore(path, creation with { Subformat = creation.Subformat ?? Subformats.FirstOrDefault() });
    }

    /// <summary>Creates the image; <paramref name="creation"/>'s subformat is known (or the format has none).</summary>
    protected virtual DiskImage CreateCore(string path, ImageCreation creation) => throw new NotSupportedException($"creating {Name} images is not supported");

    /// <summary>Position in help texts and test matrices (raw first, as qemu-img lists them).</summary>
    protected virtual int HelpOrder => 100;

    /// <summary>Looks at the first <see cref="FormatDetector.HeadSize"/> bytes and the last 512 bytes of a file.</summary>
    public abstract bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength);

    /// <summary>Opens this layer only; <see cref="DiskImageOpener"/> attaches the backing chain.</summary>
    public abstract DiskImage Open(string path, bool writable);

    /// <inheritdoc />
    public override string ToString() => Name;
}
