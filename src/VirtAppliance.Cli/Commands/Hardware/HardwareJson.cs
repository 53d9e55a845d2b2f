using VirtAppliance.Deployment.Hardware;

namespace VirtAppliance.Cli.Commands.Hardware;

/// <summary>What <c>hardware --json</c> prints: the running hardware (null when off), the definition, the headroom.</summary>
internal sealed record HardwareJson(string Name, bool Running, HardwareStateJson? Live, HardwareStateJson Persistent, HeadroomJson Headroom);

internal sealed record HardwareStateJson(
    int Vcpus,
    int MaxVcpus,
    long MemoryMib,
    long TotalMemoryMib,
    long? MaxMemoryMib,
    int MemorySlots,
    IReadOnlyList<long> DimmsMib,
    string? Machine,
    int FreeDeviceSlots,
    IReadOnlyList<HardwareDiskJson> Disks,
    IReadOnlyList<HardwareNicJson> Nics,
    IReadOnlyList<PublishedNicJson> PublishedNics)
{
    public static HardwareStateJson From(DomainHardware hardware, Deployment.Instances.InstancePlan plan) =>
        new(
            hardware.Vcpus,
            hardware.MaxVcpus,
            hardware.MemoryKiB / 1024,
            hardware.TotalMemoryKiB / 1024,
            hardware.MaxMemoryKiB / 1024,
            hardware.MemorySlots,
            hardware.DimmsKiB.Select(d => d / 1024).ToList(),
            hardware.Machine,
            hardware.FreeDeviceSlots,
            hardware.Disks.Select(d => new HardwareDiskJson(d.Target, d.Bus, d.Device, d.Source, d.Serial, RoleOf(plan, d))).ToList(),
            hardware.Nics.Select(n => new HardwareNicJson(n.MacAddress, n.Type, n.Model)).ToList(),
            hardware.PublishedNics.Select(n => new PublishedNicJson(n.MacAddress, n.Ports.Select(p => p.ToString()).ToList())).ToList());

    /// <summary>The disk's role in the plan (system, user, scratch), matched by serial; null for one the plan does not know.</summary>
    private static string? RoleOf(Deployment.Instances.InstancePlan plan, HardwareDisk disk) =>
        plan.Disks.FirstOrDefault(d => d.Serial == disk.Serial || (d.Target == disk.Target && disk.Serial is null))?.Use.ToString().ToLowerInvariant();
}

internal sealed record HardwareDiskJson(string Target, string Bus, string Device, string? Source, string? Serial, string? Role);

internal sealed record HardwareNicJson(string Mac, string Type, string? Model);

/// <summary>A card added with published ports (on QEMU's command line): its MAC and "ADDRESS:PORT → GUEST/PROTOCOL" forwards.</summary>
internal sealed record PublishedNicJson(string Mac, IReadOnlyList<string> Publishes);

internal sealed record HeadroomJson(int Vcpus, long MemoryMib, int MemorySlots, int DeviceSlots);
