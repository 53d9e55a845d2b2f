using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.Libvirt;

/// <summary>A virStorageVolPtr; freeing it releases the reference, not the volume.</summary>
internal sealed class SafeStorageVolumeHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => Interop.Interop.virStorageVolFree(handle) >= 0;
}
