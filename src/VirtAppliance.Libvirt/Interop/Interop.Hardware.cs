using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

/// <summary>Live and persistent hardware changes: vCPUs, memory, devices.</summary>
internal static partial class Interop
{
    [LibraryImport(Libvirt)]
    internal static partial int virDomainSetVcpusFlags(SafeDomainHandle domain, uint count, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainGetVcpusFlags(SafeDomainHandle domain, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virDomainSetMemoryFlags(SafeDomainHandle domain, ulong memoryKiB, uint flags);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainAttachDeviceFlags(SafeDomainHandle domain, string xml, uint flags);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainDetachDeviceFlags(SafeDomainHandle domain, string xml, uint flags);
}
