using System.Security.Cryptography;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Deployment.Storage;

/// <summary>SHA-256 of a file, hashed once per file version (the stamps of <see cref="VerifiedDiskStamps"/> remember it).</summary>
public sealed class ContentDigests(VerifiedDiskStamps stamps)
{
    private const string Algorithm = "sha256";

    public string Sha256(string path)
    {
        if (stamps.Known(path, Algorithm) is { } known)
        {
            return known;
        }

        var before = HostFile.Identity(path) ?? throw new FileNotFoundException($"{path}: no such file", path);
        string digest;
        using (var stream = File.OpenRead(path))
        {
            digest = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        if (HostFile.Identity(path) == before)
        {
            stamps.Record(path, before, Algorithm, digest);
        }

        return digest;
    }
}
