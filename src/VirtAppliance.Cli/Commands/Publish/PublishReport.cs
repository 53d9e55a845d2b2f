namespace VirtAppliance.Cli.Commands.Publish;

/// <summary>What <c>publish --json</c> prints, for every kind of repository.</summary>
/// <param name="Serial">the new index serial (folders and HTTP servers)</param>
/// <param name="Tag">the version tag pushed (OCI registries)</param>
/// <param name="Manifest">the digest of the manifest (folders and HTTP servers) or of the image index (OCI registries)</param>
internal sealed record PublishReport(
    string Name,
    string? Version,
    string? Release,
    string Repository,
    long? Serial,
    string? Tag,
    int BlobsUploaded,
    long BytesUploaded,
    int BlobsReused,
    string Manifest,
    bool Signed);
