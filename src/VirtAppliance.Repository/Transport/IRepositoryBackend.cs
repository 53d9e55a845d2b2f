using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Transport;

/// <summary>Where a repository's files live: a folder, or an HTTP server laid out the same way.</summary>
public interface IRepositoryBackend : IDisposable
{
    /// <summary>The folder or URL, as the user gave it.</summary>
    string Location { get; }

    /// <summary>A read that delivers no byte for this long fails (the download can then be resumed).</summary>
    TimeSpan StallTimeout => TimeSpan.FromSeconds(30);

    /// <summary>index.json, or null when the repository has none yet.</summary>
    Task<byte[]?> ReadIndexAsync(CancellationToken cancellation);

    /// <summary>Replaces index.json in one step (readers see the old or the new file, never a mix).</summary>
    Task WriteIndexAsync(byte[] content, CancellationToken cancellation);

    Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellation);

    /// <summary>Stores a blob whose digest the caller computed; the backend stores it under that name only when complete.</summary>
    Task WriteBlobAsync(Digest digest, string sourceFile, CancellationToken cancellation);

    /// <summary>The blob's bytes from <paramref name="offset"/> to its end (HTTP: a Range request).</summary>
    Task<Stream> OpenBlobAsync(Digest digest, long offset, long length, CancellationToken cancellation);
}
