namespace VirtAppliance.DiskImages.Vhd;

/// <summary>Virtual PC / Hyper-V VHD: fixed (data then a footer), dynamic and differencing (footer copy, header, BAT, blocks).</summary>
internal sealed class VhdFormat : DiskFormat
{
    public static VhdFormat Instance { get; } = new();

    private VhdFormat()
    {
    }

    /// <summary>QEMU's name for the format; "vhd" is accepted as well.</summary>
    public override string Name => "vpc";

    public override bool CanCreate => true;

    public override IReadOnlyList<string> Subformats => ["dynamic", "fixed"];

    public override string FileExtension => "vhd";

    protected override int HelpOrder => 3;

    protected override DiskImage CreateCore(string path, ImageCreation creation) =>
        VhdImage.Create(path, creation.Capacity, isFixed: creation.Subformat == "fixed", creation.ExactSize, creation.Identity);

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        VhdFooter.HasCookie(head) || (tail.Length == VhdFieldLocations.FooterSize && VhdFooter.HasCookie(tail));

    public override DiskImage Open(string path, bool writable) => VhdImage.Open(path, writable);
}
