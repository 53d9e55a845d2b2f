using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using VirtAppliance.DiskImages.Interop;

namespace VirtAppliance.DiskImages;

/// <summary>Host file facts that .NET does not expose: allocated blocks, identity and sparse regions.</summary>
public static class HostFile
{
    /// <summary>
    /// Device, inode, size, and modification and status-change times (ns since the epoch), or null when unknown. No
    /// write leaves all of them as they were: a change time cannot be set back without changing the clock.
    /// </summary>
    public static unsafe FileIdentity? Identity(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc byte[Libc.StatBufferSize];
        if (Libc.Stat(path, buffer) != 0)
        {
            return null;
        }

        var stat = new ReadOnlySpan<byte>(buffer, Libc.StatBufferSize);
        return new FileIdentity(
            BinaryPrimitives.ReadUInt64LittleEndian(stat[Libc.StatDeviceOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(stat[Libc.StatInodeOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(stat[Libc.StatSizeOffset..]),
            Nanoseconds(stat[Libc.StatModifiedOffset..]),
            Nanoseconds(stat[Libc.StatChangedOffset..]));
    }

    /// <summary>Bytes allocated on the host file system for a file (st_blocks × 512), or its length if unknown.</summary>
    public static unsafe long AllocatedBytes(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileInfo(path).Length;
        }

        var buffer = stackalloc byte[Libc.StatBufferSize];
        if (Libc.Stat(path, buffer) != 0)
        {
            return new FileInfo(path).Length;
        }

        var blocks = BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(buffer + Libc.StatBlocksOffset, 8));
        return blocks * 512;
    }

    private static long Nanoseconds(ReadOnlySpan<byte> timespec) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timespec) * 1_000_000_000) + BinaryPrimitives.ReadInt64LittleEndian(timespec[8..]);

    /// <summary>
    /// Data regions of a file between offset and end, found with SEEK_DATA/SEEK_HOLE without reading.
    /// Falls back to one region when the file system cannot tell.
    /// </summary>
    public static IEnumerable<(long Start, long End)> DataRegions(SafeFileHandle handle, long offset, long end)
    {
        if (!OperatingSystem.IsLinux())
        {
            yield return (offset, end);
            yield break;
        }

        var position = offset;
        while (position < end)
        {
            var dataStart = Libc.LSeek(handle, position, Libc.SeekData);
            if (dataStart < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.ENXIO)
                {
                    yield break;
                }

                yield return (position, end);
                yield break;
            }

            if (dataStart >= end)
            {
                yield break;
            }

            var holeStart = Libc.LSeek(handle, dataStart, Libc.SeekHole);
            if (holeStart < 0 || holeStart > end)
            {
                holeStart = end;
            }

            yield return (dataStart, holeStart);
            position = holeStart;
        }
    }
}
