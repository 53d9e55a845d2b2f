using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using VirtAppliance.DiskImages.Interop;

namespace VirtAppliance.DiskImages;

/// <summary>Host file facts that .NET does not expose: allocated blocks and sparse regions.</summary>
public static class HostFile
{
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
