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

    /// <summary>The loaded library's own version; the type arguments are ignored since libvirt 0.9 and may be null.</summary>
    [LibraryImport(Libvirt)]
    internal static unsafe partial int virGetVersion(ulong* libVer, byte* type, ulong* typeVer);

    [LibraryImport(Libvirt)]
    internal static partial int virConnectGetLibVersion(SafeConnectHandle conn, out ulong version);

    [LibraryImport(Libvirt)]
    internal static partial int virConnectListAllDomains(SafeConnectHandle conn, out IntPtr domains, uint flags);

    /// <summary>A CPU definition every one of the given CPUs can run (virConnectBaselineHypervisorCPU).</summary>
    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr virConnectBaselineHypervisorCPU(
        SafeConnectHandle conn, string? emulator, string? arch, string? machine, string? virttype, string[] xmlCPUs, uint ncpus, uint flags);
}
