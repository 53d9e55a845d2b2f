namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Tells whether the writer copies into new page-cache pages slowly enough for helper threads to pay: on hosts where
/// a fresh page is cheap they only add work, where each one costs a fault in the hypervisor they halve the time.
/// Judges whole windows of written bytes and needs several slow ones in a row, so a stall (a discard, reclaim) does
/// not decide. The writer's own CPU time is what it is given, not wall time: on a busy host a write that waited for a
/// core is not slow, and helpers would only take more of the cores the load already has.
/// </summary>
internal sealed class SlowWriteDetector(
    long windowBytes = SlowWriteDetector.DefaultWindowBytes,
    double slowBytesPerSecond = SlowWriteDetector.DefaultSlowBytesPerSecond,
    int slowWindowsInARow = SlowWriteDetector.DefaultSlowWindowsInARow)
{
    public const long DefaultWindowBytes = 32 << 20;

    /// <summary>New pages are written at 3 GB/s and more on hosts where they are cheap, at 0.5–1 GB/s where they are not.</summary>
    public const double DefaultSlowBytesPerSecond = 1.5e9;

    /// <summary>One slow window started the helpers needlessly on warm memory, which cost raw→qcow2 0.35 s of 0.65 s.</summary>
    public const int DefaultSlowWindowsInARow = 2;

    private long _bytes;
    private TimeSpan _elapsed;
    private int _slowInARow;

    /// <summary>Records one write and the CPU time it took; true when the window it completes is the last of enough slow windows in a row.</summary>
    public bool Record(long bytes, TimeSpan elapsed)
    {
        _bytes += bytes;
        _elapsed += elapsed;
        if (_bytes < windowBytes)
        {
            return false;
        }

        var slow = _bytes < slowBytesPerSecond * _elapsed.TotalSeconds;
        _bytes = 0;
        _elapsed = TimeSpan.Zero;
        _slowInARow = slow ? _slowInARow + 1 : 0;
        return _slowInARow == slowWindowsInARow;
    }
}
