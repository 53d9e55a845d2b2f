using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

/// <summary>libvirt's QEMU-specific library (Debian package libvirt0): the monitor passthrough.</summary>
internal static partial class Interop
{
    internal const string LibvirtQemu = "libvirt-qemu.so.0";

    /// <summary>VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP: the command is in QEMU's human monitor syntax.</summary>
    internal const uint MonitorCommandHmp = 1;

    [LibraryImport(LibvirtQemu, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainQemuMonitorCommand(SafeDomainHandle domain, string command, out IntPtr result, uint flags);
}
