using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Publishing;

/// <summary>A disk or boot file made ready to travel: zstd-compressed, or as it is when compression saves next to nothing.</summary>
public sealed record TransportBlob(BlobReference Content, BlobReference Blob, string Compression, string UploadFile)
{
    /// <summary>A file whose zstd form is larger than this share of it travels uncompressed.</summary>
    public const double IncompressibleRatio = 0.95;

    public static async Task<TransportBlob> PrepareAsync(string path, string workFolder, IProgress<long>? progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(workFolder);
        var compressed = Path.Combine(workFolder, $"{Guid.NewGuid():N}.zst");
        var (content, blob) = await ZstdTransport.CompressAsync(path, compressed, progress, cancellation);
        if (blob.Size <= content.Size * IncompressibleRatio)
        {
            return new TransportBlob(content, blob, ZstdTransport.Compression, compressed);
        }

        // Random or already compressed data: pulling it is then one pass (download, hash, write), nothing to decompress.
        File.Delete(compressed);
        return new TransportBlob(content, content, "none", path);
    }

    /// <summary>Deletes the temporary compressed file, if one was made.</summary>
    public void Discard(string workFolder)
    {
        if (UploadFile.StartsWith(workFolder, StringComparison.Ordinal))
        {
            File.Delete(UploadFile);
        }
    }
}
