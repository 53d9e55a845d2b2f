using System.Security.Cryptography;
using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Transport;

/// <summary>The SHA-256 digest of a whole file.</summary>
public static class FileDigest
{
    public static async Task<Digest> OfAsync(string path, CancellationToken cancellation)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Digest.FromHash(await SHA256.HashDataAsync(stream, cancellation));
    }
}
