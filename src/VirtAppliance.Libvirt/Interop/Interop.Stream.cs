using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>VIR_STREAM_NONBLOCK: virStreamRecv and virStreamSend return -2 instead of waiting.</summary>
    internal const uint StreamNonBlock = 1;

    /// <summary>virStreamRecv/virStreamSend: no data now (non-blocking streams).</summary>
    internal const int StreamWouldBlock = -2;

    [LibraryImport(Libvirt)]
    internal static partial SafeStreamHandle virStreamNew(SafeConnectHandle conn, uint flags);

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virStreamRecv(SafeStreamHandle stream, byte* data, nuint length);

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virStreamSend(SafeStreamHandle stream, byte* data, nuint length);

    [LibraryImport(Libvirt)]
    internal static partial int virStreamFinish(SafeStreamHandle stream);

    [LibraryImport(Libvirt)]
    internal static partial int virStreamAbort(SafeStreamHandle stream);

    [LibraryImport(Libvirt)]
    internal static partial int virStreamFree(IntPtr stream);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainOpenConsole(SafeDomainHandle domain, string? deviceName, SafeStreamHandle stream, uint flags);
}
