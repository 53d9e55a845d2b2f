namespace VirtAppliance.DiskImages.Inspection;

/// <param name="Identical">Whether every guest byte reads the same (an extra tail of zeros counts as equal).</param>
/// <param name="MismatchOffset">The first guest offset that differs, when they differ.</param>
/// <param name="SizeMismatch">Whether the virtual sizes differ.</param>
public sealed record CompareResult(bool Identical, long? MismatchOffset, bool SizeMismatch);
