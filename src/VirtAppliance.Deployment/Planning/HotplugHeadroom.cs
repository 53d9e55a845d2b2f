using VirtAppliance.Descriptors.Model;

namespace VirtAppliance.Deployment.Planning;

/// <summary>
/// The room deploy leaves for live hardware changes: vCPUs up to a maximum, memory DIMMs up to a maximum in a number
/// of slots, and PCIe root ports on q35 for disks and NICs added later.
/// </summary>
public sealed record HotplugHeadroom(int? MaxVcpus, long? MaxMemoryKiB, int Devices)
{
    /// <summary>Linux onlines hot-added memory in blocks of this size (x86_64 guests under 64 GiB): DIMMs come in multiples of it.</summary>
    public const long MemoryBlockKiB = 128 * 1024;

    /// <summary>At most this many DIMM slots: each `set --memory` increase fills one.</summary>
    public const int MaxMemorySlots = 16;

    public static HotplugHeadroom None { get; } = new(null, null, 0);

    public static HotplugHeadroom From(DeviceSettings devices, int vcpus, long memoryKiB) =>
        new(
            devices.MaxVcpus is { } maxVcpus && maxVcpus > vcpus ? maxVcpus : null,
            devices.MaxMemoryKiB is { } maxMemory && maxMemory > memoryKiB ? maxMemory : null,
            devices.HotplugDisks + devices.HotplugInterfaces);

    /// <summary>DIMM slots: one per memory block of growth, at most <see cref="MaxMemorySlots"/>.</summary>
    public int MemorySlots(long memoryKiB) =>
        MaxMemoryKiB is { } max ? (int)Math.Clamp((max - memoryKiB) / MemoryBlockKiB, 1, MaxMemorySlots) : 0;
}
