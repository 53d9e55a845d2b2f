using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages.Interop;

internal static partial class Libc
{
    private const string Library = "libc.so.6";

    public const int SeekData = 3;
    public const int SeekHole = 4;
    public const int ENXIO = 6;
    public const int EINVAL = 22;

    /// <summary>Offsets in struct stat; these fields lie at the same places on x86_64 and aarch64 glibc.</summary>
    public const int StatDeviceOffset = 0;
    public const int StatInodeOffset = 8;
    public const int StatSizeOffset = 48;
    public const int StatBlocksOffset = 64;
    public const int StatModifiedOffset = 88;
    public const int StatChangedOffset = 104;
    public const int StatBufferSize = 256;

    public const int FadviseWillNeed = 3;
    public const int FallocateKeepSize = 1;
    public const int ClockThreadCpuTime = 3;

    /// <summary>struct statfs begins with f_type on x86_64 and aarch64 glibc.</summary>
    public const int StatfsTypeOffset = 0;
    public const int StatfsBufferSize = 256;

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(SafeFileHandle fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Stat(string path, byte* buffer);

    [LibraryImport(Library, EntryPoint = "fstatfs", SetLastError = true)]
    public static unsafe partial int FStatfs(SafeFileHandle fd, byte* buffer);

    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    public static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);

    /// <summary>Fills a struct timespec: seconds, then nanoseconds, both 64-bit on x86_64 and aarch64.</summary>
    [LibraryImport(Library, EntryPoint = "clock_gettime", SetLastError = true)]
    public static unsafe partial int ClockGetTime(int clock, long* timespec);

    /// <summary>Returns the error number itself (0 on success) rather than setting errno.</summary>
    [LibraryImport(Library, EntryPoint = "posix_fadvise")]
    public static partial int PosixFadvise(SafeFileHandle fd, long offset, long length, int advice);
}
