using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.Libvirt;

/// <summary>A virDomainPtr; freeing it releases the reference, not the domain.</summary>
internal sealed class SafeDomainHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    internal SafeDomainHandle(IntPtr existing)
        : this() => SetHandle(existing);

    protected override bool ReleaseHandle() => Interop.Interop.virDomainFree(handle) >= 0;
}
