namespace VirtAppliance.Deployment.Hardware;

/// <summary>An instance's hardware as it runs (null when off) and as defined for its next start, with the room left to grow.</summary>
public sealed record HardwareReport(string Name, bool Running, DomainHardware? Live, DomainHardware Persistent, HardwareHeadroom Headroom);

/// <summary>What can still be added while the guest runs (from the running hardware, else the definition).</summary>
public sealed record HardwareHeadroom(int Vcpus, long MemoryKiB, int MemorySlots, int DeviceSlots)
{
    public static HardwareHeadroom Of(DomainHardware hardware) =>
        new(
            hardware.MaxVcpus - hardware.Vcpus,
            hardware.MaxMemoryKiB is { } max && hardware.FreeMemorySlots > 0 ? Math.Max(0, max - hardware.TotalMemoryKiB) : 0,
            hardware.FreeMemorySlots,
            hardware.FreeDeviceSlots);
}

/// <summary>What a hardware command did, in words, and the instance plan as saved afterwards.</summary>
public sealed record HardwareChange(string Summary, Instances.InstancePlan Plan);
