using System.Security.Cryptography;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Deployment.Tests;

public sealed class ChecksumVerifierTests
{
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

    private static DiskDefinition Disk(string sha256) =>
        new() { Id = "root", File = "disk.img", Checksums = new Dictionary<string, string> { ["sha256"] = sha256 } };

    private sealed class Counter(Action<long> add) : IProgress<long>
    {
        public void Report(long value) => add(value);
    }
}
