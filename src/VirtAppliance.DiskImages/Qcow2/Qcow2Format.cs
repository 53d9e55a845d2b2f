using System.Buffers.Binary;

namespace VirtAppliance.DiskImages.Qcow2;

public sealed class Qcow2Format : DiskFormat
{
    public static Qcow2Format Instance { get; } = new();

    private Qcow2Format()
    {
    }

    public override string Name => "qcow2";

    public override bool CanCreate => true;

    protected override int HelpOrder => 1;

    protected override DiskImage CreateCore(string path, ImageCreation creation) =>
        Qcow2Image.Create(path, (creation.Qcow2 ?? new Qcow2CreateOptions { Capacity = creation.Capacity }) with { Capacity = creation.Capacity });

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(head) == Qcow2Constants.Magic;

    public override DiskImage Open(string path, bool writable) => Qcow2Image.Open(path, writable);
}
