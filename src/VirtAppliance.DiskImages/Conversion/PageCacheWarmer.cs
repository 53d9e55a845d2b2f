using Microsoft.Win32.SafeHandles;
using VirtAppliance.DiskImages.Interop;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Prepares the page cache of a conversion's output a few megabytes ahead of its writer. Copying into pages the
/// kernel allocates on the spot is the slowest part of an uncompressed conversion, and it runs under the file's lock,
/// one writer at a time (on virtual machines that hand freed memory back to the host each new page costs a host
/// fault too). Helper threads allocate those pages beforehand — fallocate where the file must grow, then readahead,
/// which fills holes with zero pages — so the writer only copies. Local file systems only (on tmpfs fallocate itself
/// allocates the pages): on network file systems readahead would ask the server.
/// </summary>
internal sealed class PageCacheWarmer : IDisposable
{

    internal const long Window = 16 << 20;
    internal const long Step = 2 << 20;
    private const int MaxHelpers = 2;

    private static readonly long[] LocalFileSystems = [HostFileSystem.Ext4, HostFileSystem.Xfs, HostFileSystem.Btrfs, HostFileSystem.Tmpfs];

    private readonly IWriteLayout _output;
    private readonly SafeFileHandle _file;
    private readonly bool _grows;
    private readonly IEnumerator<(long Offset, long Length)> _ranges;
    private readonly Thread[] _helpers;
    private readonly object _gate = new();
    private long _writerPosition;
    private bool _stopped;

    private PageCacheWarmer(IWriteLayout output, SafeFileHandle file, bool grows, IEnumerable<(long Offset, long Length)> ranges, long start)
    {
        _output = output;
        _file = file;
        _grows = grows;
        _ranges = ranges.GetEnumerator();
        _writerPosition = start;
        _helpers = new Thread[Math.Min(MaxHelpers, Environment.ProcessorCount)];
        for (var i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new Thread(Work) { IsBackground = true, Name = "page-cache warmer" };
            _helpers[i].Start();
        }
    }

    /// <summary>
    /// Whether helpers started on slow writes would find a processor: not when other programs' runnable tasks already
    /// take as many as this process may use (the writer runs too). There the helpers only queue behind the load and
    /// take the writer's share of a core: with two CPU-bound processes on 2 cores (medians of 8), vhdx→raw took 0.71 s
    /// when they started, 0.48 s when they did not.
    /// </summary>
    public static bool HasCoresFor(int otherRunnableTasks, int processors) => otherRunnableTasks < processors;

    /// <summary>Starts warming for an output that is about to receive the given guest chunks, or returns null.</summary>
    public static PageCacheWarmer? Start(DiskImage output, IEnumerable<(long Offset, int Length)> guestChunks)
    {
        if (Environment.ProcessorCount < 2 || output is not IWriteLayout layout || !Warms(HostFileSystem.Of(layout.DataFile)))
        {
            return null;
        }

        var file = layout.DataFile;
        return layout.Placement switch
        {
            WritePlacement.Appended => new PageCacheWarmer(layout, file, grows: true, Appended(layout.AppendOffset), layout.AppendOffset),
            WritePlacement.InPlace => new PageCacheWarmer(layout, file, grows: false, guestChunks.Select(c => (c.Offset, (long)c.Length)), 0),
            _ => null,
        };
    }

    /// <summary>Called by the writer after each chunk: helpers stay at most a window ahead of it.</summary>
    public void Advance(long guestEnd)
    {
        var position = _grows ? _output.AppendOffset : guestEnd;
        lock (_gate)
        {
            _writerPosition = position;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>After the last write: stops the helpers and cuts off what they allocated past the image's content.</summary>
    public void Finish()
    {
        Dispose();
        if (_grows)
        {
            _output.TrimToContent();
        }
    }

    public void Dispose()
    {
        Stop();
        foreach (var helper in _helpers)
        {
            helper.Join();
        }

        _ranges.Dispose();
    }

    private static IEnumerable<(long Offset, long Length)> Appended(long start)
    {
        for (var offset = start; ; offset += Step)
        {
            yield return (offset, Step);
        }
    }

    internal static bool Warms(long? fileSystemType) => fileSystemType is { } type && LocalFileSystems.Contains(type);

    private void Work()
    {
        while (NextRange() is var (offset, length))
        {
            if (_grows && Libc.Fallocate(_file, 0, offset, length) != 0)
            {
                // No space, or no fallocate here: stop preparing; the writer's own writes report what matters.
                Stop();
                return;
            }

            Libc.PosixFadvise(_file, offset, length, Libc.FadviseWillNeed);
        }
    }

    private (long Offset, long Length)? NextRange()
    {
        lock (_gate)
        {
            if (_stopped || !_ranges.MoveNext())
            {
                return null;
            }

            var range = _ranges.Current;
            while (!_stopped && range.Offset > _writerPosition + Window)
            {
                Monitor.Wait(_gate);
            }

            return _stopped ? null : range;
        }
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }
}
