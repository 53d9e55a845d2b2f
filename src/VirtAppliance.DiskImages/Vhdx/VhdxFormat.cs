using System.Text;

namespace VirtAppliance.DiskImages.Vhdx;

/// <summary>Hyper-V VHDX: 1 MiB-aligned regions, two headers, region tables, metadata and a BAT, CRC-32C everywhere.</summary>
internal sealed class VhdxFormat : DiskFormat
{
    public static VhdxFormat Instance { get; } = new();

    private VhdxFormat()
    {
    }

    public override string Name => "vhdx";

    public override bool CanCreate => true;

    public override IReadOnlyList<string> Subformats => ["dynamic", "fixed"];

    protected override int HelpOrder => 4;

    protected override DiskImage CreateCore(string path, ImageCreation creation) =>
        VhdxImage.Create(path, creation.Capacity, isFixed: creation.Subformat == "fixed", creation.Identity);

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        head.StartsWith(Encoding.ASCII.GetBytes(VhdxLayout.FileSignature));

    public override DiskImage Open(string path, bool writable) => VhdxImage.Open(path, writable);
}
