using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.Cli.Output;

/// <summary>Feeds (done, total) byte counts from the repository library to a progress bar.</summary>
internal sealed class TotalsProgress(IProgress<TransferProgress> inner) : IProgress<(long Done, long Total)>
{
    public void Report((long Done, long Total) value) => inner.Report(new TransferProgress(value.Done, value.Total));
}
