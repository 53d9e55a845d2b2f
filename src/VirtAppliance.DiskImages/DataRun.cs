namespace VirtAppliance.DiskImages;

/// <summary>A run of bytes that hold data: <paramref name="Length"/> bytes from <paramref name="Start"/> in a buffer.</summary>
public readonly record struct DataRun(int Start, int Length);
