using Microsoft.Win32.SafeHandles;
using VirtAppliance.TestSupport;

namespace VirtAppliance.DiskImages.Tests.Infrastructure;

/// <summary>
/// Guest data written through <see cref="HostFile.WriteData"/> on ext4 lands in blocks reserved beforehand, not in
/// delayed allocation. filefrag tells the two apart until writeback, which nothing here starts: a reserved extent is
/// "unwritten", a delayed one "delalloc".
/// </summary>
[Trait("Category", "Tools")]
public sealed class DataWriteReservationTests
{
    private static readonly byte[] Data = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7 + 1)).ToArray();

    [Fact]
    public void ALargeWriteReservesItsBlocksAndASmallOneDoesNot()
    {
        using var dir = Ext4Folder();
        var large = dir.File("large.raw");
        var small = dir.File("small.raw");
        Write(large, Data, offset: 8 << 20, useWriteData: true);
        Write(small, Data.AsSpan(0, HostFile.ReserveMinimum - 4096), offset: 0, useWriteData: true);

        Assert.Contains("unwritten", Extents(large));
        Assert.DoesNotContain("delalloc", Extents(large));
        Assert.Contains("delalloc", Extents(small));
        Assert.Equal(Data, File.ReadAllBytes(large).AsSpan(8 << 20).ToArray());
        Assert.Equal(9L << 20, new FileInfo(large).Length);
    }

    [Fact]
    public void APlainWriteOfTheSameSizeIsDelayed()
    {
        // The control: without the reservation the probe above sees delayed allocation.
        using var dir = Ext4Folder();
        var plain = dir.File("plain.raw");
        Write(plain, Data, offset: 8 << 20, useWriteData: false);
        Assert.Contains("delalloc", Extents(plain));
        Assert.DoesNotContain("unwritten", Extents(plain));
    }

    private static void Write(string path, ReadOnlySpan<byte> data, long offset, bool useWriteData)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        if (useWriteData)
        {
            HostFile.WriteData(handle, data, offset);
        }
        else
        {
            RandomAccess.Write(handle, data, offset);
        }
    }

    private static string Extents(string path)
    {
        var result = ExternalTool.Run("filefrag", "-v", path);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }

    /// <summary>The system's temporary folder or /var/tmp, whichever is on ext4; the test fails where neither is.</summary>
    private static TempDirectory Ext4Folder()
    {
        foreach (var parent in new[] { Path.GetTempPath(), "/var/tmp" })
        {
            var dir = new TempDirectory(parent);
            using (var probe = File.OpenHandle(dir.File("probe"), FileMode.Create, FileAccess.Write))
            {
                if (HostFileSystem.Of(probe) == HostFileSystem.Ext4)
                {
                    File.Delete(dir.File("probe"));
                    return dir;
                }
            }

            dir.Dispose();
        }

        throw new InvalidOperationException("this test needs a temporary folder on ext4 (TMPDIR or /var/tmp)");
    }
}
