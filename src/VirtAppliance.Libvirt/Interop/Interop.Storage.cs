using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>virStorageVolInfo (libvirt-storage.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StorageVolumeInfo
    {
        public int Type;
        public ulong Capacity;
        public ulong Allocation;
    }

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeStoragePoolHandle virStoragePoolLookupByName(SafeConnectHandle conn, string name);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeStoragePoolHandle virStoragePoolDefineXML(SafeConnectHandle conn, string xml, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolBuild(SafeStoragePoolHandle pool, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolCreate(SafeStoragePoolHandle pool, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolSetAutostart(SafeStoragePoolHandle pool, int autostart);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolIsActive(SafeStoragePoolHandle pool);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virStoragePoolGetXMLDesc(SafeStoragePoolHandle pool, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolRefresh(SafeStoragePoolHandle pool, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolNumOfVolumes(SafeStoragePoolHandle pool);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolListVolumes(SafeStoragePoolHandle pool, IntPtr[] names, int maxNames);

    [LibraryImport(Libvirt)]
    internal static partial int virStoragePoolFree(IntPtr pool);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeStorageVolumeHandle virStorageVolLookupByName(SafeStoragePoolHandle pool, string name);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeStorageVolumeHandle virStorageVolCreateXML(SafeStoragePoolHandle pool, string xml, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStorageVolUpload(SafeStorageVolumeHandle volume, SafeStreamHandle stream, ulong offset, ulong length, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStorageVolDownload(SafeStorageVolumeHandle volume, SafeStreamHandle stream, ulong offset, ulong length, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStorageVolDelete(SafeStorageVolumeHandle volume, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virStorageVolGetPath(SafeStorageVolumeHandle volume);

    [LibraryImport(Libvirt)]
    internal static partial IntPtr virStorageVolGetXMLDesc(SafeStorageVolumeHandle volume, uint flags);

    [LibraryImport(Libvirt)]
    internal static partial int virStorageVolGetInfo(SafeStorageVolumeHandle volume, out StorageVolumeInfo info);

    [LibraryImport(Libvirt)]
    internal static partial int virStorageVolFree(IntPtr volume);
}
