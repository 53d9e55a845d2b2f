using VirtAppliance.DiskImages.Interop;

namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// The CPU time the calling thread has used. Unlike wall time it does not grow while the thread waits for a core,
/// so on a busy host it still tells how costly the thread's own work is.
/// </summary>
internal static class ThreadCpuClock
{
    public static unsafe TimeSpan Now()
    {
        var timespec = stackalloc long[2];
        return Libc.ClockGetTime(Libc.ClockThreadCpuTime, timespec) == 0
            ? TimeSpan.FromTicks(timespec[0] * TimeSpan.TicksPerSecond + timespec[1] / 100)
            : TimeSpan.Zero;
    }
}
