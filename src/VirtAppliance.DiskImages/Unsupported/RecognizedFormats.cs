using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.DiskImages.Unsupported;

/// <summary>Signatures of formats that are detected but not yet implemented.</summary>
internal static class RecognizedFormats
{
    private const uint VdiSignature = 0xbeda107f;
    private const int VdiSignatureOffset = 0x40;

    public static DiskFormat Vmdk { get; } = new RecognizedFormat(
        "vmdk", "VMware VMDK",
        (head, _, _) => StartsWith(head, "KDMV") || StartsWith(head, "COWD") || StartsWith(head, "# Disk DescriptorFile"));

    public static DiskFormat Vhdx { get; } = new RecognizedFormat("vhdx", "Hyper-V VHDX", (head, _, _) => StartsWith(head, "vhdxfile"));

    public static DiskFormat Vdi { get; } = new RecognizedFormat(
        "vdi", "VirtualBox VDI",
        (head, _, _) => head.Length >= VdiSignatureOffset + 4 &&
                        BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(VdiSignatureOffset)) == VdiSignature);

    public static DiskFormat Qed { get; } = new RecognizedFormat("qed", "QEMU QED", (head, _, _) => StartsWith(head, "QED\0"));

    public static DiskFormat Vpc { get; } = new RecognizedFormat(
        "vpc", "Virtual PC / Hyper-V VHD",
        (head, tail, _) => StartsWith(head, "conectix") || (tail.Length == 512 && StartsWith(tail, "conectix")));

    private static bool StartsWith(byte[] data, string signature) =>
        data.AsSpan().StartsWith(Encoding.ASCII.GetBytes(signature));
}
