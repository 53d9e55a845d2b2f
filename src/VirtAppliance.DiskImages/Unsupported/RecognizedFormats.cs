using System.Text;

namespace VirtAppliance.DiskImages.Unsupported;

/// <summary>Signatures of formats that are detected but not yet implemented.</summary>
internal static class RecognizedFormats
{
    public static DiskFormat Qed { get; } = new RecognizedFormat("qed", "QEMU QED", (head, _, _) => StartsWith(head, "QED\0"));

    private static bool StartsWith(byte[] data, string signature) =>
        data.AsSpan().StartsWith(Encoding.ASCII.GetBytes(signature));
}
