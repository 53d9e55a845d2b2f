namespace VirtAppliance.DiskImages.Raw;

/// <summary>Plain bytes: the guest disk is the file.</summary>
public sealed class RawFormat : DiskFormat
{
    /// <summary>The one instance.</summary>
    public static RawFormat Instance { get; } = new();

    private RawFormat()
    {
    }

    /// <inheritdoc />
    public override string Name => "raw";

    /// <inheritdoc />
    public override bool CanCreate => true;

    /// <inheritdoc />
    protected override int HelpOrder => 0;

    /// <inheritdoc />
    protected override DiskImage CreateCore(string path, ImageCreation creation) => RawImage.Create(path, creation.Capacity);

    /// <inheritdoc />
    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) => true;

    /// <inheritdoc />
    public override DiskImage Open(string path, bool writable) => RawImage.Open(path, writable);
}
