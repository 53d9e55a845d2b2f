using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeConnectHandle virConnectOpen(string? name);

    [LibraryImport(Libvirt)]
    internal static partial int virConnectClose(IntPtr conn);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virConnectGetCapabilities(SafeConnectHandle conn);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr virConnectGetDomainCapabilities(
        SafeConnectHandle conn, string? emulatorbin, string? arch, string? machine, string? virttype, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virConnectGetURI(SafeConnectHandle conn);

    [LibraryImport(Libvirt)]
    internal static partial int virConnectGetLibVersion(SafeConnectHandle conn, out ulong version);

    [LibraryImport(Libvirt)]
    internal static partial int virConnectListAllDomains(SafeConnectHandle conn, out IntPtr domains, uint flags);
}
