using VirtAppliance.Deployment.Storage;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// The console log of an instance on a remote host: virtlogd there appends it to a file in the instance's pool, which
/// a pool refresh turns into a volume that can be downloaded from any offset. The pool is refreshed only until the
/// volume appears (a refresh probes every volume of the pool and holds it meanwhile); after that, asking for the
/// volume's size re-reads that one file.
/// </summary>
public static class RemoteConsoleLog
{
    /// <summary>How often a remote log is polled (each poll refreshes the pool and downloads what is new).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    private const int MaxReadBytes = 1 << 20;

    /// <summary>The log's bytes after <paramref name="position"/> (at most 1 MiB); none while the log does not exist yet.</summary>
    public static byte[] Read(LibvirtConnection connection, InstancePlan plan, bool install, long position)
    {
        using var pool = LibvirtStoragePool.Find(connection, plan.Pool!.Name)
            ?? throw new InvalidDataException($"storage pool '{plan.Pool.Name}' of instance '{plan.Name}' is gone from {connection.Uri}");
        using var volume = Find(pool, plan, install);
        if (volume is null || volume.Capacity <= position)
        {
            return [];
        }

        using var bytes = new MemoryStream();
        volume.Download(new LimitedStream(bytes, MaxReadBytes), position, CancellationToken.None);
        return bytes.ToArray();
    }

    /// <summary>The last <paramref name="count"/> lines of the log.</summary>
    public static IReadOnlyList<string> Tail(LibvirtConnection connection, InstancePlan plan, bool install, int count)
    {
        using var pool = LibvirtStoragePool.Find(connection, plan.Pool!.Name);
        if (pool is null)
        {
            return [];
        }

        using var volume = Find(pool, plan, install);
        return volume is null ? [] : ConsoleLog.LastLines(Read(connection, plan, install, Math.Max(0, volume.Capacity - ConsoleLog.TailBytes)), count);
    }

    private static LibvirtStorageVolume? Find(LibvirtStoragePool pool, InstancePlan plan, bool install)
    {
        var name = RemotePool.ConsoleLogVolume(plan.Name, install);
        if (pool.FindVolume(name) is { } known)
        {
            return known;
        }

        // While a volume job runs in the pool (another instance's disk being made), libvirt refuses a refresh: the log
        // shows on a later look (seen once in CI: "pool 'default' has asynchronous jobs running" ended a fleet deploy).
        return pool.TryRefresh() ? pool.FindVolume(name) : null;
    }

    /// <summary>Keeps at most a limit of what is written to it and ignores the rest.</summary>
    private sealed class LimitedStream(Stream inner, int limit) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) =>
            inner.Write(buffer, offset, (int)Math.Max(0, Math.Min(count, limit - inner.Length)));

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
