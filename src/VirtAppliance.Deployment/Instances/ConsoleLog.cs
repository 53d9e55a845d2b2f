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
    public static Task<bool> WaitForAsync(string path, string text, long from, TimeSpan timeout, Func<bool> stillRunning, CancellationToken cancellation) =>
        WaitForAsync(position => ReadFile(path, position), TimeSpan.FromMilliseconds(50), text, from, timeout, stillRunning, cancellation);

    /// <summary>The same for a log read through <paramref name="read"/> (the bytes after a position, at most 1 MiB), polled every <paramref name="interval"/>.</summary>
    public static async Task<bool> WaitForAsync(Func<long, byte[]> read, TimeSpan interval, string text, long from, TimeSpan timeout, Func<bool> stillRunning, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        var needle = Encoding.UTF8.GetBytes(text);
        var seen = new List<byte>();
        var position = from;
        var lastLivenessCheck = DateTime.MinValue;
        while (true)
        {
            if (Catch(read, needle, seen, ref position))
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
                    return Catch(read, needle, seen, ref position);
                }
            }

            await Task.Delay(interval, cancellation);
        }
    }

    /// <summary>Reads everything new, chunk by chunk, keeping only a needle's length of overlap; true when the needle appears.</summary>
    private static bool Catch(Func<long, byte[]> read, byte[] needle, List<byte> seen, ref long position)
    {
        while (true)
        {
            var fresh = read(position);
            seen.AddRange(fresh);
            var next = position + fresh.Length;
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
        var start = Math.Max(from, stream.Length - TailBytes);
        stream.Position = start;
        var bytes = new byte[stream.Length - start];
        stream.ReadExactly(bytes);
        return LastLines(bytes, count);
    }

    /// <summary>How much of a log's end <see cref="Tail"/> looks at.</summary>
    public const int TailBytes = 64 * 1024;

    public static IReadOnlyList<string> LastLines(byte[] bytes, int count)
    {
        var lines = Encoding.UTF8.GetString(bytes).Replace("\r", "", StringComparison.Ordinal).Split('\n').Where(l => l.Length > 0).ToList();
        return lines.Skip(Math.Max(0, lines.Count - count)).ToList();
    }

    /// <summary>Copies new log content to <paramref name="output"/> until <paramref name="stillRunning"/> turns false.</summary>
    public static void Follow(string path, long from, Stream output, Func<bool> stillRunning, CancellationToken cancellation) =>
        Follow(position => ReadFile(path, position), TimeSpan.FromMilliseconds(100), from, output, stillRunning, cancellation);

    /// <summary>The same for a log read through <paramref name="read"/>, polled every <paramref name="interval"/>.</summary>
    public static void Follow(Func<long, byte[]> read, TimeSpan interval, long from, Stream output, Func<bool> stillRunning, CancellationToken cancellation)
    {
        var position = from;
        var lastCheck = DateTime.MinValue;
        while (true)
        {
            byte[] fresh;
            while ((fresh = read(position)).Length > 0)
            {
                output.Write(fresh);
                position += fresh.Length;
            }

            output.Flush();
            if (DateTime.UtcNow - lastCheck > TimeSpan.FromMilliseconds(500))
            {
                lastCheck = DateTime.UtcNow;
                if (!stillRunning())
                {
                    return;
                }
            }

            cancellation.WaitHandle.WaitOne(interval);
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The bytes of the file after <paramref name="position"/>, at most 1 MiB.</summary>
    public static byte[] ReadFile(string path, long position)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= position)
        {
            return [];
        }

        stream.Position = position;
        var buffer = new byte[Math.Min(stream.Length - position, MaxReadBytes)];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static int IndexOf(List<byte> haystack, byte[] needle) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(haystack).IndexOf(needle);
}
