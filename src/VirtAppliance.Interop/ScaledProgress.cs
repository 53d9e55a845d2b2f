using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Interop;

/// <summary>Progress of one file's conversion reported as part of several: BEFORE + its share of LENGTH, out of TOTAL.</summary>
internal sealed class ScaledProgress(IProgress<TransferProgress> overall, long before, long length, long total) : IProgress<TransferProgress>
{
    public static IProgress<TransferProgress>? For(IProgress<TransferProgress>? overall, long before, long length, long total) =>
        overall is null ? null : new ScaledProgress(overall, before, length, total);

    public void Report(TransferProgress value) => overall.Report(new TransferProgress(before + (value.Total == 0 ? 0 : value.Done * length / value.Total), total));
}
