using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.Libvirt;

/// <summary>A virStoragePoolPtr; freeing it releases the reference, not the pool.</summary>
internal sealed class SafeStoragePoolHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => Interop.Interop.virStoragePoolFree(handle) >= 0;
}
