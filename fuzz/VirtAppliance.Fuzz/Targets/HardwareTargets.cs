using System.Text;
using VirtAppliance.Deployment.Hardware;

namespace VirtAppliance.Fuzz.Targets;

/// <summary>libvirt domain XML as 'hardware', 'set', 'attach' and 'detach' read it.</summary>
public static class HardwareTargets
{
    public static void Domain(byte[] input, Scratch scratch) =>
        _ = HardwareHeadroom.Of(DomainHardware.Read(Encoding.UTF8.GetString(input)));
}
