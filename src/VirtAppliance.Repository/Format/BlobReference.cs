namespace VirtAppliance.Repository.Format;

/// <summary>A blob by digest and size: the digest addresses it, the size bounds every download of it.</summary>
public sealed record BlobReference(string Digest, long Size);
