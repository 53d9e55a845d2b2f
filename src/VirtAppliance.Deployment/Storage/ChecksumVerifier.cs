using System.Security.Cryptography;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Deployment.Storage;

/// <summary>
/// Checks shipped disks against the descriptor's checksums before an instance uses them; with stamps, a disk already
/// verified in its present version is not hashed again.
/// </summary>
public static class ChecksumVerifier
{
    private const int BufferSize = 1 << 20;

    /// <summary>Total bytes that <see cref="Verify"/> will read.</summary>
    public static long BytesToVerify(IEnumerable<(DiskDefinition Disk, string Path)> disks, VerifiedDiskStamps? stamps = null) =>
        disks.Where(d => Strongest(d.Disk) is ({ } algorithm, { } expected) && !(stamps?.Holds(d.Path, Name(algorithm), expected) ?? false))
            .Sum(d => new FileInfo(d.Path).Length);

    /// <summary>Throws InvalidDataException naming the disk, the algorithm and both digests on a mismatch.</summary>
    public static void Verify(IEnumerable<(DiskDefinition Disk, string Path)> disks, IProgress<long>? progress, CancellationToken cancellation, VerifiedDiskStamps? stamps = null)
    {
        var buffer = new byte[BufferSize];
        foreach (var (disk, path) in disks)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"disk '{disk.Id}' of the appliance is missing: {path}", path);
            }

            var (algorithm, expected) = Strongest(disk);
            if (algorithm is null || expected is null || (stamps?.Holds(path, Name(algorithm.Value), expected) ?? false))
            {
                continue;
            }

            var identity = HostFile.Identity(path);

            using var hash = IncrementalHash.CreateHash(algorithm.Value);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                progress?.Report(read);
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != expected)
            {
                throw new InvalidDataException(
                    $"disk '{disk.Id}' ({path}) does not match its {Name(algorithm.Value)} checksum in the descriptor: expected {expected}, file has {actual}; download it again or fix the descriptor");
            }

            if (identity is not null && identity == HostFile.Identity(path))
            {
                stamps?.Record(path, identity, Name(algorithm.Value), expected);
            }
        }
    }

    private static string Name(HashAlgorithmName algorithm) => algorithm.Name!.ToLowerInvariant();

    private static (HashAlgorithmName? Algorithm, string? Expected) Strongest(DiskDefinition disk)
    {
        foreach (var (name, algorithm) in new[] { ("sha512", HashAlgorithmName.SHA512), ("sha256", HashAlgorithmName.SHA256), ("sha1", HashAlgorithmName.SHA1) })
        {
            if (disk.Checksums.TryGetValue(name, out var expected))
            {
                return (algorithm, expected.ToLowerInvariant());
            }
        }

        return (null, null);
    }
}
