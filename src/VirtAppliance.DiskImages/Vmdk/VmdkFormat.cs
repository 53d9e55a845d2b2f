using System.Text;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>VMware VMDK: a sparse extent with an embedded descriptor, or a text descriptor naming extent files.</summary>
internal sealed class VmdkFormat : DiskFormat
{
    public static VmdkFormat Instance { get; } = new();

    private VmdkFormat()
    {
    }

    public override string Name => "vmdk";

    public override bool CanCreate => true;

    public override IReadOnlyList<string> Subformats => ["monolithicSparse", "streamOptimized"];

    protected override int HelpOrder => 2;

    protected override DiskImage CreateCore(string path, ImageCreation creation) =>
        creation.Subformat == "streamOptimized"
            ? VmdkStreamImage.Create(path, creation.Capacity, creation.Identity, creation.FinalName)
            : VmdkCreator.CreateMonolithicSparse(path, creation.Capacity, creation.Identity, creation.FinalName);

    public override bool IsMatch(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, long fileLength) =>
        VmdkSparseHeader.HasMagic(head) || head.StartsWith(Encoding.ASCII.GetBytes("# Disk DescriptorFile"));

    public override DiskImage Open(string path, bool writable) => VmdkImage.Open(path, writable);
}
