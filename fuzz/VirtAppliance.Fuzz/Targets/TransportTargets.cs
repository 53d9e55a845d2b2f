using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>
/// A zstd transport blob as a pull receives it: decoded frame by frame into the cache, its content verified. The
/// manifest names the content ZstdSharp's stream decoder makes of the input, when it makes one, so that a blob both
/// decoders accept must also pass the cache's verification.
/// </summary>
public static class TransportTargets
{
    /// <summary>The content a manifest may claim for the input: small, so that a bomb stops at the limit.</summary>
    private const long ContentLimit = 4 << 20;

    public static void ZstdBlob(byte[] input, Scratch scratch)
    {
        scratch.Clear();
        var repository = Path.Combine(scratch.Folder, "repo");
        var digest = Digest.Of(input);
        var blobFile = Path.Combine(repository, RepositoryLayout.BlobPath(digest));
        Directory.CreateDirectory(Path.GetDirectoryName(blobFile)!);
        File.WriteAllBytes(blobFile, input);
        var disk = new ManifestDisk
        {
            Id = "root",
            File = "root.img",
            Format = "raw",
            Compression = ZstdTransport.Compression,
            Blob = new BlobReference(digest.ToString(), input.Length),
            Content = Reference(input) is { } content
                ? new BlobReference(Digest.Of(content).ToString(), content.Length)
                : new BlobReference(Digest.Of([]).ToString(), ContentLimit),
        };
        using var backend = new DirectoryBackend(repository);
        new BlobCache(Path.Combine(scratch.Folder, "cache")).EnsureAsync(backend, disk, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The input decoded by ZstdSharp's stream, or null when it refuses it or it decodes to more than the limit.</summary>
    private static byte[]? Reference(byte[] input)
    {
        try
        {
            using var stream = new ZstdSharp.DecompressionStream(new MemoryStream(input));
            var content = new byte[ContentLimit + 1];
            var length = stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
            return length <= ContentLimit ? content[..length] : null;
        }
        catch (Exception)
        {
            // Whatever the reference makes of bad input, the target under test is the cache's own decoding.
            return null;
        }
    }
}
