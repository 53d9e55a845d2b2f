using System.Security.Cryptography;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

[Trait("Category", "Fast")]
public sealed class ChecksumVerifierTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void Matching_disks_pass_and_report_every_byte()
    {
        using var folder = new TempDirectory();
        var path = folder.File("disk.img");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(3 << 20));
        var disk = Disk(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        long reported = 0;
        ChecksumVerifier.Verify([(disk, path)], new Counter(n => reported += n), CancellationToken.None);
        Assert.Equal(3 << 20, reported);
    }

    [Fact]
    public void A_mismatch_names_the_disk_and_both_digests()
    {
        using var folder = new TempDirectory();
        var path = folder.File("disk.img");
        File.WriteAllBytes(path, [1, 2, 3]);
        var error = Assert.Throws<InvalidDataException>(() => ChecksumVerifier.Verify([(Disk(new string('0', 64)), path)], null, CancellationToken.None));
        Assert.Contains("disk 'root'", error.Message);
        Assert.Contains(new string('0', 64), error.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData([1, 2, 3])), error.Message);
    }

    [Fact]
    public void A_missing_disk_is_named() =>
        Assert.Contains("disk 'root'", Assert.Throws<FileNotFoundException>(() => ChecksumVerifier.Verify([(Disk("x"), "/nonexistent/disk.img")], null, CancellationToken.None)).Message);

    [Fact]
    public void A_verified_disk_is_not_hashed_again_until_it_changes()
    {
        using var folder = new TempDirectory();
        var stamps = new VerifiedDiskStamps(folder.File("verified"), Settle);
        var path = folder.File("disk.img");
        var content = RandomNumberGenerator.GetBytes(1 << 20);
        File.WriteAllBytes(path, content);
        var disk = Disk(Convert.ToHexStringLower(SHA256.HashData(content)));
        long hashed = 0;
        var counter = new Counter(n => hashed += n);
        Thread.Sleep(Settle * 2);

        Assert.Equal(1 << 20, ChecksumVerifier.BytesToVerify([(disk, path)], stamps));
        ChecksumVerifier.Verify([(disk, path)], counter, CancellationToken.None, stamps);
        Assert.Equal(1 << 20, hashed);
        Assert.Equal(0, ChecksumVerifier.BytesToVerify([(disk, path)], stamps));
        ChecksumVerifier.Verify([(disk, path)], counter, CancellationToken.None, stamps);
        Assert.Equal(1 << 20, hashed);

        // Another expected digest is not covered by the stamp.
        Assert.Throws<InvalidDataException>(() => ChecksumVerifier.Verify([(Disk(new string('0', 64)), path)], null, CancellationToken.None, stamps));

        // Same size, same modification time, other bytes: the change time gives it away.
        var modified = File.GetLastWriteTimeUtc(path);
        content[4096] ^= 0xFF;
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, modified);
        Assert.Equal(1 << 20, ChecksumVerifier.BytesToVerify([(disk, path)], stamps));
        var error = Assert.Throws<InvalidDataException>(() => ChecksumVerifier.Verify([(disk, path)], counter, CancellationToken.None, stamps));
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_changed_just_before_its_verification_gets_no_stamp()
    {
        using var folder = new TempDirectory();
        var stamps = new VerifiedDiskStamps(folder.File("verified"), TimeSpan.FromMinutes(1));
        var path = folder.File("disk.img");
        var content = RandomNumberGenerator.GetBytes(4096);
        File.WriteAllBytes(path, content);
        var disk = Disk(Convert.ToHexStringLower(SHA256.HashData(content)));

        ChecksumVerifier.Verify([(disk, path)], null, CancellationToken.None, stamps);

        Assert.Equal(4096, ChecksumVerifier.BytesToVerify([(disk, path)], stamps));
        Assert.False(Directory.Exists(folder.File("verified")));
    }

    [Fact]
    public void A_stamp_does_not_follow_a_replaced_file()
    {
        using var folder = new TempDirectory();
        var stamps = new VerifiedDiskStamps(folder.File("verified"), Settle);
        var path = folder.File("disk.img");
        var content = RandomNumberGenerator.GetBytes(4096);
        File.WriteAllBytes(path, content);
        var disk = Disk(Convert.ToHexStringLower(SHA256.HashData(content)));
        Thread.Sleep(Settle * 2);
        ChecksumVerifier.Verify([(disk, path)], null, CancellationToken.None, stamps);
        Assert.Equal(0, ChecksumVerifier.BytesToVerify([(disk, path)], stamps));

        var other = folder.File("other.img");
        File.WriteAllBytes(other, RandomNumberGenerator.GetBytes(4096));
        File.Move(other, path, overwrite: true);

        Assert.Throws<InvalidDataException>(() => ChecksumVerifier.Verify([(disk, path)], null, CancellationToken.None, stamps));
    }

    private static DiskDefinition Disk(string sha256) =>
        new() { Id = "root", File = "disk.img", Checksums = new Dictionary<string, string> { ["sha256"] = sha256 } };

    private sealed class Counter(Action<long> add) : IProgress<long>
    {
        public void Report(long value) => add(value);
    }
}
