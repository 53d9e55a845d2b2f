namespace VirtAppliance.Cli.Commands.Publish;

/// <summary>What <c>publish --json</c> prints for a directory or HTTP repository.</summary>
internal sealed record PublishReport(
    string Name,
    string? Version,
    string? Release,
    long Serial,
    int BlobsUploaded,
    long BytesUploaded,
    int BlobsReused,
    string Manifest,
    bool Signed);

/// <summary>What <c>publish --json</c> prints for an OCI registry.</summary>
internal sealed record OciPublishReport(string Repository, string Tag, string Index, int BlobsUploaded, int BlobsReused, bool Signed);
