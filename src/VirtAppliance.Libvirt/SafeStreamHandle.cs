using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.Libvirt;

/// <summary>A virStreamPtr; freeing it releases the reference (finish or abort it first).</summary>
internal sealed class SafeStreamHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => Interop.Interop.virStreamFree(handle) >= 0;
}
