using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>The leading fields of virError; the rest (connection, domain, extra strings) are not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Error
    {
        public int Code;
        public int Domain;
        public IntPtr Message;
        public int Level;
    }

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virGetLastError();

    [LibraryImport(Libvirt)]
    internal static partial void virResetLastError();

    [LibraryImport(Libvirt)]
    internal static unsafe partial void virSetErrorFunc(IntPtr userData, delegate* unmanaged<IntPtr, IntPtr, void> handler);

    [LibraryImport(Libvirt)]
    internal static partial int virInitialize();
}
