using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>Documents kept as blobs (manifests, descriptors, signatures): size-limited, read whole, checked against their digest.</summary>
public static class SmallBlobs
{
    public static async Task<byte[]> ReadAsync(IRepositoryBackend backend, BlobReference blob, string what, CancellationToken cancellation)
    {
        if (blob.Size > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{what} is {blob.Size} bytes; at most {RepositoryJson.MaxDocumentBytes} are accepted");
        }

        var digest = Digest.Parse(blob.Digest, what);
        await using var source = await backend.OpenBlobAsync(digest, 0, blob.Size, cancellation);
        using var buffer = new MemoryStream();
        await LimitedCopy.CopyAsync(source, buffer, blob.Size, what, backend.StallTimeout, cancellation);
        var bytes = buffer.ToArray();
        if (bytes.Length != blob.Size || Digest.Of(bytes) != digest)
        {
            throw new InvalidDataException($"{what} ({digest}) arrived as {bytes.Length} bytes with digest {Digest.Of(bytes)}: not what {backend.Location} names");
        }

        return bytes;
    }
}
