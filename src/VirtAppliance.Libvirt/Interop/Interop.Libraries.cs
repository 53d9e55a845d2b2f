namespace VirtAppliance.Libvirt.Interop;

internal static partial class Interop
{
    /// <summary>Debian package libvirt0; the versioned name, so no development symlink is needed.</summary>
    internal const string Libvirt = "libvirt.so.0";
}
