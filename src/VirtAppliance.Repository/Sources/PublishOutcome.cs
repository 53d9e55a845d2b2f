using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Sources;

/// <summary>What publish did, in either kind of repository.</summary>
/// <param name="Digest">the manifest's digest (index repositories) or the image index's (OCI registries)</param>
/// <param name="Serial">the new index serial (index repositories only)</param>
/// <param name="Tag">the version tag pushed (OCI registries only)</param>
public sealed record PublishOutcome(
    IndexEntry Entry,
    string Location,
    string Digest,
    long? Serial,
    string? Tag,
    int BlobsUploaded,
    long BytesUploaded,
    int BlobsReused,
    bool Signed);
