using System.Globalization;
using VirtAppliance.TestSupport;

namespace VirtAppliance.DiskImages.Tests.Infrastructure;

[Trait("Category", "Tools")]
public sealed class HostFileIdentityTests
{
    [Fact]
    public void The_identity_is_what_stat_reports()
    {
        using var folder = new TempDirectory();
        var path = folder.File("file");
        File.WriteAllBytes(path, new byte[12345]);

        var identity = HostFile.Identity(path)!;
        var stat = ExternalTool.Ok("stat", "-c", "%d %i %s %.9Y %.9Z", path).Trim().Split(' ');

        Assert.Equal(ulong.Parse(stat[0], CultureInfo.InvariantCulture), identity.Device);
        Assert.Equal(ulong.Parse(stat[1], CultureInfo.InvariantCulture), identity.Inode);
        Assert.Equal(12345, identity.Size);
        Assert.Equal(Nanoseconds(stat[3]), identity.ModifiedNanoseconds);
        Assert.Equal(Nanoseconds(stat[4]), identity.ChangedNanoseconds);
    }

    [Fact]
    public void A_missing_file_has_no_identity() =>
        Assert.Null(HostFile.Identity("/nonexistent/file"));

    private static long Nanoseconds(string seconds) =>
        long.Parse(seconds.Replace(".", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
