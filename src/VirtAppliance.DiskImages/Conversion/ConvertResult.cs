namespace VirtAppliance.DiskImages.Conversion;

/// <param name="Capacity">Virtual size of the disk.</param>
/// <param name="DataBytes">Guest bytes read from the source (holes skipped).</param>
/// <param name="OutputBytes">Length of the written file.</param>
public sealed record ConvertResult(long Capacity, long DataBytes, long OutputBytes);
