namespace VirtAppliance.DiskImages.Raw;

/// <summary>Plain bytes: the guest disk is the file.</summary>
public sealed class RawFormat : DiskFormat
{
    public static RawFormat Instance { get; } = new();

    private RawFormat()
    {
    }

    public override string Name => "raw";

    public override bool CanCreate => true;

    protected override int HelpOrder => 0;

    protected override DiskImage CreateCore(string path, ImageCreation creation) => RawImage.Create(path, creation.Capacity);

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) => true;

    public override DiskImage Open(string path, bool writable) => RawImage.Open(path, writable);
}
