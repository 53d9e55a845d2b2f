using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>virDomainInterface.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct DomainInterface
    {
        public IntPtr Name;
        public IntPtr HardwareAddress;
        public uint AddressCount;
        public IntPtr Addresses;
    }

    /// <summary>virDomainIPAddress: type 0 IPv4, 1 IPv6.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct DomainIpAddress
    {
        public int Type;
        public IntPtr Address;
        public uint Prefix;
    }

    [LibraryImport(Libvirt)]
    internal static unsafe partial int virDomainInterfaceAddresses(SafeDomainHandle domain, DomainInterface*** interfaces, uint source, uint flags);

    [LibraryImport(Libvirt)]
    internal static unsafe partial void virDomainInterfaceFree(DomainInterface* iface);

    [LibraryImport("libc.so.6")]
    internal static unsafe partial void free(void* pointer);
}
