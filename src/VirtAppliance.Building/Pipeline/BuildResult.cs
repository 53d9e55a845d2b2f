namespace VirtAppliance.Building.Pipeline;

/// <summary>What a build wrote: the descriptor and the disk files, with their sizes.</summary>
public sealed record BuildResult(string Descriptor, IReadOnlyList<BuiltDisk> Disks, IReadOnlyList<string> Variants, TimeSpan Elapsed);

public sealed record BuiltDisk(string Id, string File, string Format, long VirtualSize, long FileSize, string Sha256);
