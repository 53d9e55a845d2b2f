using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.Libvirt;

/// <summary>A virConnectPtr; closing it releases the connection's reference.</summary>
internal sealed class SafeConnectHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    protected override bool ReleaseHandle() => Interop.Interop.virConnectClose(handle) >= 0;
}
