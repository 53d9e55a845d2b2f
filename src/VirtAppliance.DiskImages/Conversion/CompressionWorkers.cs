namespace VirtAppliance.DiskImages.Conversion;

/// <summary>
/// How many threads compress. One per processor this process may use (.NET's count already honours the affinity
/// mask and a cgroup CPU quota), plus three per task that other programs have runnable when the conversion starts, up
/// to four per processor. The scheduler shares busy CPUs among runnable threads, so on a loaded host a conversion with
/// one thread per processor gets a fraction of them: with two CPU-bound processes on 2 cores, raw→qcow2 -c took
/// 9.5-9.9 s on 2 threads, 7.5-7.7 s on 4 and 6.3-6.5 s on 8, where qemu-img (whose thread pool runs up to 64
/// compression jobs) took 25 s. Idle, the count stays at one per processor.
/// </summary>
internal static class CompressionWorkers
{
    private const int MostPerProcessor = 4;

    public static int Count(int? requested) =>
        requested is > 0 ? requested.Value : ForLoad(Environment.ProcessorCount, HostLoad.OtherRunnableTasks());

    public static int ForLoad(int processors, int otherRunnable) =>
        processors + Math.Clamp(3 * otherRunnable, 0, (MostPerProcessor - 1) * processors);
}
