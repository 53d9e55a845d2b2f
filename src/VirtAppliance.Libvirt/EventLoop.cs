namespace VirtAppliance.Libvirt;

/// <summary>
/// libvirt's default event loop on a background thread. Registered before the first connection is opened (the
/// embedded QEMU driver needs it, and lifecycle events are delivered from it); runs for the life of the process.
/// </summary>
internal static class EventLoop
{
    private static readonly Lock Gate = new();
    private static Thread? thread;

    public static void EnsureRunning()
    {
        lock (Gate)
        {
            if (thread is not null)
            {
                return;
            }

            Native.EnsureInitialized();
            Native.Check(Interop.Interop.virEventRegisterDefaultImpl(), "registering libvirt's event loop");
            thread = new Thread(Run) { IsBackground = true, Name = "libvirt event loop" };
            thread.Start();
        }
    }

    private static void Run()
    {
        while (true)
        {
            if (Interop.Interop.virEventRunDefaultImpl() < 0)
            {
                Thread.Sleep(10);
            }
        }
    }
}
