using System.Runtime.InteropServices;
using VirtAppliance.DiskImages;

namespace VirtAppliance.TestSupport;

/// <summary>
/// What ext4 did with a file's blocks, as filefrag shows it: "delalloc" (delayed allocation, not yet written back),
/// "unwritten" (reserved, not yet written back) or neither (written back).
/// </summary>
public static partial class Ext4Files
{
    private const int SyncFileRangeWaitBefore = 1;

    /// <summary>A new folder in the system's temporary folder or /var/tmp, whichever is on ext4; fails where neither is.</summary>
    public static TempDirectory Folder()
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

    /// <summary>filefrag -v's description of the file's extents.</summary>
    public static string Extents(string path)
    {
        var result = ExternalTool.Run("filefrag", "-v", path);
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Output;
    }

    /// <summary>Waits until writeback that has already started on the file is done, without starting any.</summary>
    public static void WaitForStartedWriteback(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        Assert.Equal(0, SyncFileRange(handle.DangerousGetHandle().ToInt32(), 0, 0, SyncFileRangeWaitBefore));
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, int flags);
}
