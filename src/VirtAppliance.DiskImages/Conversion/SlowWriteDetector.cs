namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// Tells whether the writer copies into new page-cache pages slowly enough for helper threads to pay: on hosts where
/// a fresh page is cheap they only add work, where each one costs a fault in the hypervisor they halve the time.
/// Judges whole windows of written bytes, so one stalled write does not decide.
/// </summary>
internal sealed class SlowWriteDetector(long windowBytes = SlowWriteDetector.DefaultWindowBytes, double slowBytesPerSecond = SlowWriteDetector.DefaultSlowBytesPerSecond)
{
    public const long DefaultWindowBytes = 32 << 20;

    /// <summary>New pages are written at 3 GB/s and more on hosts where they are cheap, at 0.5–1 GB/s where they are not.</summary>
    public const double DefaultSlowBytesPerSecond = 1.5e9;

    private long _bytes;
    private TimeSpan _elapsed;

    /// <summary>Records one write; true when a completed window was slow.</summary>
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
        return slow;
    }
}
