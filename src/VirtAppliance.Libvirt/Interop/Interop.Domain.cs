using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainDefineXML(SafeConnectHandle conn, string xml);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainCreateXML(SafeConnectHandle conn, string xml, uint flags);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainLookupByName(SafeConnectHandle conn, string name);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeDomainHandle virDomainLookupByUUIDString(SafeConnectHandle conn, string uuid);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainFree(IntPtr domain);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainCreate(SafeDomainHandle domain);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainDestroy(SafeDomainHandle domain);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainShutdown(SafeDomainHandle domain);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainReboot(SafeDomainHandle domain, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainUndefineFlags(SafeDomainHandle domain, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virDomainGetName(SafeDomainHandle domain);

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virDomainGetUUIDString(SafeDomainHandle domain, byte* buffer);

    [LibraryImport(Libvirt, EntryPoint = "virDomainGetName")]
    internal static partial IntPtr virDomainGetNameBorrowed(IntPtr domain);

    [LibraryImport(Libvirt, EntryPoint = "virDomainGetUUIDString")]
    internal static unsafe partial int virDomainGetUUIDStringBorrowed(IntPtr domain, byte* buffer);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainGetState(SafeDomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainIsPersistent(SafeDomainHandle domain);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainIsActive(SafeDomainHandle domain);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virDomainGetXMLDesc(SafeDomainHandle domain, uint flags);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainSetMetadata(SafeDomainHandle domain, int type, string? metadata, string? key, string? uri, uint flags);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr virDomainGetMetadata(SafeDomainHandle domain, int type, string? uri, uint flags);

    /// <summary>One memory statistic (virDomainMemoryStatStruct): a tag and a value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MemoryStat
    {
        public int Tag;
        public ulong Value;
    }

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virDomainMemoryStats(SafeDomainHandle domain, MemoryStat* stats, uint count, uint flags);
}
