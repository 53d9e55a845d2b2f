using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;
using VirtAppliance.DiskImages.Vdi;
using VirtAppliance.DiskImages.Vhd;
using VirtAppliance.DiskImages.Vhdx;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Conversion;

/// <summary>Preparing the output's pages ahead of the writer must leave exactly the output an unprepared conversion writes.</summary>
[Trait("Category", "Tools")]
public sealed class PageCacheWarmerTests
{
    /// <summary>Several warming windows of data, with holes, so the helpers wait for the writer many times.</summary>
    private const long Size = 5 * PageCacheWarmer.Window + (3 << 20) + 4096;

    public static TheoryData<string, string?> Outputs => new()
    {
        { "qcow2", null },
        { "raw", null },
        { "vpc", "dynamic" },
        { "vpc", "fixed" },
        { "vhdx", "dynamic" },
        { "vdi", "dynamic" },
    };

    /// <summary>Appending formats may hold more allocated blocks (fallocate fills partly written blocks); in-place ones stay as sparse.</summary>
    [Theory]
    [MemberData(nameof(Outputs))]
    public void WarmedOutputHasTheLengthAndContentOfAnUnwarmedOne(string format, string? subformat)
    {
        using var dir = WarmableFolder();
        var source = dir.File("source.raw");
        var expected = SampleDisk.WriteRaw(source, Size, 7);
        var warmed = dir.File("warmed.img");
        var plain = dir.File("plain.img");
        var outputFormat = FormatDetector.FromName(format);
        ImageConverter.Convert(source, warmed, new ConvertOptions { OutputFormat = outputFormat, Subformat = subformat, ExactSize = true, Warming = PageCacheWarming.Always });
        ImageConverter.Convert(source, plain, new ConvertOptions { OutputFormat = outputFormat, Subformat = subformat, ExactSize = true, Warming = PageCacheWarming.Off });

        Assert.Equal(new FileInfo(plain).Length, new FileInfo(warmed).Length);
        if (subformat != "fixed")
        {
            // qemu reads a fixed VHD's footer as guest data, and each footer has its own UUID and time.
            AssertIdentical(plain, warmed);
        }

        using (var image = DiskImageOpener.Open(warmed))
        {
            SampleDisk.AssertSame(expected, SampleDisk.ReadAll(image));
        }

        if (format == "raw" || subformat == "fixed")
        {
            Assert.Equal(HostFile.AllocatedBytes(plain), HostFile.AllocatedBytes(warmed));
        }

        if (format == "qcow2")
        {
            AssertCleanCheck(warmed);
        }
    }

    [Fact]
    public void HelpersStayAWindowAheadOfTheWriterAndFinishTrimsWhatTheyAllocated()
    {
        using var dir = WarmableFolder();
        var path = dir.File("out.qcow2");
        using var image = Qcow2Image.Create(path, new Qcow2CreateOptions { Capacity = 1L << 30 });
        var start = ((IWriteLayout)image).AppendOffset;
        var contentLength = new FileInfo(path).Length;

        using var warmer = PageCacheWarmer.Start(image, []);
        Assert.NotNull(warmer);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(path).Length < start + PageCacheWarmer.Window && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(200);
        var warmedLength = new FileInfo(path).Length;
        Assert.InRange(warmedLength, start + PageCacheWarmer.Window, start + PageCacheWarmer.Window + 2 * PageCacheWarmer.Step);

        warmer.Finish();
        Assert.Equal(Math.Max(contentLength, start), new FileInfo(path).Length);
    }

    [Theory]
    [InlineData(0xEF53L, true)] // ext2/3/4
    [InlineData(0x58465342L, true)] // XFS
    [InlineData(0x9123683EL, true)] // Btrfs
    [InlineData(0x01021994L, true)] // tmpfs
    [InlineData(0x6969L, false)] // NFS: readahead would ask the server
    [InlineData(0xFF534D42L, false)] // CIFS
    [InlineData(0x65735546L, false)] // FUSE
    [InlineData(null, false)]
    public void OnlyLocalFileSystemsAreWarmed(long? fileSystemType, bool warmed)
    {
        Assert.Equal(warmed, PageCacheWarmer.Warms(fileSystemType));
    }

    [Fact]
    public void TheFileSystemTypeIsReadFromTheOutputsHandle()
    {
        var path = Path.Combine("/dev/shm", $"virt-appliance-warm-{Guid.NewGuid():N}.raw");
        try
        {
            using var image = RawImage.Create(path, 64 << 20);
            Assert.Equal(0x01021994L, HostFileSystem.Of(((IWriteLayout)image).DataFile));
            using var warmer = PageCacheWarmer.Start(image, [(0, 2 << 20)]);
            Assert.NotNull(warmer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// A folder on a file system the helpers work on: the system's temporary folder, or /dev/shm (tmpfs) where that is
    /// one they skip (overlayfs in containers), so that the tests above never pass because nothing was warmed.
    /// </summary>
    private static TempDirectory WarmableFolder()
    {
        foreach (var parent in new[] { Path.GetTempPath(), "/dev/shm" })
        {
            var dir = new TempDirectory(parent);
            using (var probe = File.OpenHandle(dir.File("probe"), FileMode.Create, FileAccess.Write))
            {
                if (PageCacheWarmer.Warms(HostFileSystem.Of(probe)))
                {
                    return dir;
                }
            }

            dir.Dispose();
        }

        Assert.Fail($"neither {Path.GetTempPath()} nor /dev/shm is on a file system the page-cache helpers work on (ext4, XFS, Btrfs, tmpfs)");
        return null!;
    }

    [Fact]
    public void OnlyImagesThatSayWhereTheirDataGoesAreWarmed()
    {
        using var dir = new TempDirectory();
        using var staticVdi = VdiImage.Create(dir.File("static.vdi"), 8 << 20, isStatic: true);
        Assert.Equal(WritePlacement.Unknown, ((IWriteLayout)staticVdi).Placement);
        Assert.Null(PageCacheWarmer.Start(staticVdi, [(0, 2 << 20)]));
        using var fixedVhd = (VhdImage)VhdFormat.Instance.Create(dir.File("fixed.vhd"), new ImageCreation { Capacity = 8 << 20, Subformat = "fixed" });
        Assert.Equal(WritePlacement.InPlace, ((IWriteLayout)fixedVhd).Placement);
        using var dynamicVhdx = VhdxImage.Create(dir.File("dynamic.vhdx"), 8 << 20, isFixed: false);
        Assert.Equal(WritePlacement.Appended, ((IWriteLayout)dynamicVhdx).Placement);
    }
}
