namespace VirtAppliance.DiskImages.Compression;

/// <summary>A native compression library: whether it loaded here, and its version when it says.</summary>
public sealed record NativeCompressionLibrary(string Name, string FileName, bool Loaded, string? Version);
