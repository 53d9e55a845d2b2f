using System.Runtime.InteropServices;

namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>VIR_MIGRATE_PARAM_URI: where the source QEMU sends the migration stream (tcp://HOST).</summary>
    internal const string MigrateParamUri = "migrate_uri";

    /// <summary>VIR_MIGRATE_PARAM_DEST_XML: the domain's XML as the destination should define it (paths there).</summary>
    internal const string MigrateParamDestinationXml = "destination_xml";

    [LibraryImport(Libvirt)]
    internal static partial SafeDomainHandle virDomainMigrate3(SafeDomainHandle domain, SafeConnectHandle destination, IntPtr parameters, uint count, uint flags);

    [LibraryImport(Libvirt, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virTypedParamsAddString(ref IntPtr parameters, ref int count, ref int capacity, string name, string value);

    [LibraryImport(Libvirt)]
    internal static partial void virTypedParamsFree(IntPtr parameters, int count);
}
