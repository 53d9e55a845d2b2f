using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages;

/// <summary>File-handle helpers shared by the formats.</summary>
internal static class HandleIo
{
    /// <summary>Reads into the whole buffer; bytes past the end of the file read as zeros (as QEMU treats them).</summary>
    public static void ReadZeroFilled(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (read == 0)
            {
                buffer[done..].Clear();
                return;
            }

            done += read;
        }
    }

    /// <summary>Opens a file and hands it to a parser; the handle is closed if parsing fails.</summary>
    public static T Open<T>(string path, bool writable, Func<SafeFileHandle, T> parse)
    {
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        try
        {
            return parse(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
