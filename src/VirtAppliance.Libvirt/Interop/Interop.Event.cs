using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    internal const int DomainEventIdLifecycle = 0;

    [LibraryImport(Libvirt)]
    internal static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Libvirt)]
    internal static partial int virEventRunDefaultImpl();

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virConnectDomainEventRegisterAny(
        SafeConnectHandle conn, IntPtr domain, int eventId,
        delegate* unmanaged<IntPtr, IntPtr, int, int, IntPtr, void> callback, IntPtr opaque, IntPtr freeCallback);

    [LibraryImport(Libvirt)]
    internal static partial int virConnectDomainEventDeregisterAny(SafeConnectHandle conn, int callbackId);
}
