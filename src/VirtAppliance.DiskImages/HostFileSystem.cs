using Microsoft.Win32.SafeHandles;
using VirtAppliance.DiskImages.Interop;

namespace VirtAppliance.DiskImages;

/// <summary>The file system a host file lies on, as statfs names it (f_type).</summary>
internal static class HostFileSystem
{
    public const long Ext4 = 0xEF53;
    public const long Xfs = 0x58465342;
    public const long Btrfs = 0x9123683E;
    public const long Tmpfs = 0x01021994;

    /// <summary>statfs f_type of the file's file system (ext2 and ext3 share ext4's), or null when it cannot be read.</summary>
    public static unsafe long? Of(SafeFileHandle file)
    {
        var buffer = stackalloc byte[Libc.StatfsBufferSize];
        return Libc.FStatfs(file, buffer) == 0 ? *(long*)(buffer + Libc.StatfsTypeOffset) : null;
    }
}
