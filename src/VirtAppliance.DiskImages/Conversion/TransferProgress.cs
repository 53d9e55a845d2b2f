namespace VirtAppliance.DiskImages.Conversion;

/// <summary>Bytes processed so far out of the bytes an operation will process (holes excluded).</summary>
public readonly record struct TransferProgress(long Done, long Total);
