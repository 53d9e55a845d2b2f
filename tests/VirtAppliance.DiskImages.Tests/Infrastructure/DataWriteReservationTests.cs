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

    /// <summary>
    /// Each attempt writes three files and probes them at once. Writeback (which nothing here starts, but the kernel
    /// may) clears both flags; an attempt whose plain control is no longer "delalloc" could not tell, and is repeated.
    /// </summary>
    [Fact]
    public void ALargeWriteReservesItsBlocksAndSmallOrPlainWritesDoNot()
    {
        using var dir = Ext4Files.Folder();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var large = dir.File($"large-{attempt}.raw");
            var small = dir.File($"small-{attempt}.raw");
            var plain = dir.File($"plain-{attempt}.raw");
            Write(large, Data, offset: 8 << 20, useWriteData: true);
            Write(small, Data.AsSpan(0, HostFile.ReserveMinimum - 4096), offset: 0, useWriteData: true);
            Write(plain, Data, offset: 8 << 20, useWriteData: false);
            var (largeExtents, smallExtents, plainExtents) = (Ext4Files.Extents(large), Ext4Files.Extents(small), Ext4Files.Extents(plain));
            if (!plainExtents.Contains("delalloc") || !smallExtents.Contains("delalloc"))
            {
                continue;
            }

            Assert.Contains("unwritten", largeExtents);
            Assert.DoesNotContain("delalloc", largeExtents);
            Assert.DoesNotContain("unwritten", plainExtents);
            Assert.Equal(Data, File.ReadAllBytes(large).AsSpan(8 << 20).ToArray());
            Assert.Equal(9L << 20, new FileInfo(large).Length);
            return;
        }

        Assert.Fail("every attempt was written back before filefrag could look at it");
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
}
