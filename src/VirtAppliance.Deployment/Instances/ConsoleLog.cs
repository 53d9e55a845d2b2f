using System.Text;

namespace VirtAppliance.Deployment.Instances;

/// <summary>A guest's serial console, as QEMU appends it to a file.</summary>
public static class ConsoleLog
{
    /// <summary>Bytes read per poll, so a huge log never needs more memory than this.</summary>
    private const int MaxReadBytes = 1 << 20;

    public static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>
    /// Waits until <paramref name="text"/> appears in the log after byte <paramref name="from"/>. Returns true when it
    /// does; false when the timeout passes or <paramref name="stillRunning"/> says the guest stopped without it.
    /// </summary>
    public static async Task<bool> WaitForAsync(string path, string text, long from, TimeSpan timeout, Func<bool> stillRunning, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var needle = Encoding.UTF8.GetBytes(text);
        var seen = new List<byte>();
        var position = from;
        var lastLivenessCheck = DateTime.MinValue;
        while (true)
        {
            if (Catch(path, needle, seen, ref position))
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            if (DateTime.UtcNow - lastLivenessCheck > TimeSpan.FromMilliseconds(500))
            {
                lastLivenessCheck = DateTime.UtcNow;
                if (!stillRunning())
                {
                    // The guest is gone: whatever it wrote is in the file now.
                    return Catch(path, needle, seen, ref position);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation);
        }
    }

    /// <summary>Reads everything new, chunk by chunk, keeping only a needle's length of overlap; true when the needle appears.</summary>
    private static bool Catch(string path, byte[] needle, List<byte> seen, ref long position)
    {
        while (true)
        {
            var next = ReadNew(path, position, seen);
            if (IndexOf(seen, needle) >= 0)
            {
                return true;
            }

            if (seen.Count > needle.Length)
            {
                seen.RemoveRange(0, seen.Count - needle.Length);
            }

            if (next == position)
            {
                return false;
            }

            position = next;
        }
    }

    /// <summary>The last <paramref name="count"/> lines of the log after byte <paramref name="from"/>.</summary>
    public static IReadOnlyList<string> Tail(string path, int count, long from = 0)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var start = Math.Max(from, stream.Length - 64 * 1024);
        stream.Position = start;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Replace("\r", "").Split('\n').Where(l => l.Length > 0).ToList();
        return lines.Skip(Math.Max(0, lines.Count - count)).ToList();
    }

    /// <summary>Copies new log content to <paramref name="output"/> until <paramref name="stillRunning"/> turns false.</summary>
    public static void Follow(string path, long from, Stream output, Func<bool> stillRunning, CancellationToken cancellation)
    {
        var position = from;
        var buffer = new byte[16384];
        var lastCheck = DateTime.MinValue;
        while (true)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                stream.Position = Math.Min(position, stream.Length);
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    output.Write(buffer, 0, read);
                    position += read;
                }

                output.Flush();
            }

            if (DateTime.UtcNow - lastCheck > TimeSpan.FromMilliseconds(500))
            {
                lastCheck = DateTime.UtcNow;
                if (!stillRunning())
                {
                    return;
                }
            }

            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    private static long ReadNew(string path, long position, List<byte> seen)
    {
        if (!File.Exists(path))
        {
            return position;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= position)
        {
            return position;
        }

        stream.Position = position;
        var buffer = new byte[Math.Min(stream.Length - position, MaxReadBytes)];
        stream.ReadExactly(buffer);
        seen.AddRange(buffer);
        return position + buffer.Length;
    }

    private static int IndexOf(List<byte> haystack, byte[] needle) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(haystack).IndexOf(needle);
}
