using System.Buffers.Binary;

namespace VirtAppliance.DiskImages.Vdi;

/// <summary>VirtualBox VDI 1.1: a header, a block map of little-endian u32, and 1 MiB blocks.</summary>
internal sealed class VdiFormat : DiskFormat
{
    public static VdiFormat Instance { get; } = new();

    private VdiFormat()
    {
    }

    public override string Name => "vdi";

    public override bool CanCreate => true;

    public override IReadOnlyList<string> Subformats => ["dynamic", "static"];

    protected override int HelpOrder => 5;

    protected override DiskImage CreateCore(string path, ImageCreation creation) =>
        VdiImage.Create(path, creation.Capacity, isStatic: creation.Subformat == "static", creation.Identity);

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        head.Length >= VdiFieldLocations.Signature + 4 &&
        BinaryPrimitives.ReadUInt32LittleEndian(head[VdiFieldLocations.Signature..]) == VdiConstants.Signature;

    public override DiskImage Open(string path, bool writable) => VdiImage.Open(path, writable);
}
