using System.Buffers.Binary;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>QEMU's qcow2 format, versions 2 and 3.</summary>
public sealed class Qcow2Format : DiskFormat
{
    /// <summary>The one instance.</summary>
    public static Qcow2Format Instance { get; } = new();

    private Qcow2Format()
    {
    }

    /// <inheritdoc />
    public override string Name => "qcow2";

    /// <inheritdoc />
    public override bool CanCreate => true;

    /// <inheritdoc />
    protected override int HelpOrder => 1;

    /// <inheritdoc />
    protected override DiskImage CreateCore(string path, ImageCreation creation) =>
        Qcow2Image.Create(path, (creation.Qcow2 ?? new Qcow2CreateOptions { Capacity = creation.Capacity }) with { Capacity = creation.Capacity });

    /// <inheritdoc />
    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        head.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(head) == Qcow2Constants.Magic;

    /// <inheritdoc />
    public override DiskImage Open(string path, bool writable) => Qcow2Image.Open(path, writable);
}
