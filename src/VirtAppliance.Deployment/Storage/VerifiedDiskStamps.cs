using System.Security.Cryptography;
using System.Text;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Deployment.Storage;

/// <summary>
/// Disks whose checksum has been verified, so that a shared base is hashed once rather than on every deploy. A stamp
/// holds only for the same file version (device, inode, size, modification and change times as when it was hashed)
/// and the same algorithm and expected digest. One small file per disk path under STATE/verified.
/// </summary>
/// <remarks>
/// The kernel stamps change times from a coarse clock, so a write in the same few milliseconds as the verification
/// could leave the identity unchanged. As git does with "racily clean" index entries, a file changed within
/// <paramref name="settle"/> (default 2 s) of the verification gets no stamp and is hashed again next time.
/// </remarks>
public sealed class VerifiedDiskStamps(string folder, TimeSpan? settle = null)
{
    private readonly TimeSpan settle = settle ?? TimeSpan.FromSeconds(2);

    public bool Holds(string path, string algorithm, string digest)
    {
        var stamp = StampPath(path);
        if (HostFile.Identity(path) is not { } identity || !File.Exists(stamp))
        {
            return false;
        }

        try
        {
            return File.ReadAllText(stamp) == Line(path, identity, algorithm, digest);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The <paramref name="algorithm"/> digest recorded for the file's current version, or null.</summary>
    public string? Known(string path, string algorithm)
    {
        var stamp = StampPath(path);
        if (HostFile.Identity(path) is not { } identity || !File.Exists(stamp))
        {
            return null;
        }

        try
        {
            var words = File.ReadAllText(stamp).Split(' ', 3);
            return words.Length == 3 && words[0] == algorithm && File.ReadAllText(stamp) == Line(path, identity, algorithm, words[1]) ? words[1] : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records a verification of the file version <paramref name="identity"/> (the same before and after hashing).</summary>
    public void Record(string path, FileIdentity identity, string algorithm, string digest)
    {
        var settledBefore = (DateTimeOffset.UtcNow - settle).ToUnixTimeMilliseconds() * 1_000_000;
        if (identity.ChangedNanoseconds >= settledBefore || identity.ModifiedNanoseconds >= settledBefore)
        {
            return;
        }

        var stamp = StampPath(path);
        var temporary = TemporaryFile.For(stamp);
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, Line(path, identity, algorithm, digest));
            File.Move(temporary, stamp, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A stamp only saves time: without one, the next deploy hashes the disk again.
            TemporaryFile.DeleteQuietly(temporary);
        }
    }

    private string StampPath(string path) =>
        Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path))))[..32]);

    private static string Line(string path, FileIdentity identity, string algorithm, string digest) =>
        $"{algorithm} {digest} {identity.Device} {identity.Inode} {identity.Size} {identity.ModifiedNanoseconds} {identity.ChangedNanoseconds} {Path.GetFullPath(path)}\n";
}
