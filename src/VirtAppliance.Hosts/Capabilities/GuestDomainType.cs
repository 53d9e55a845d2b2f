namespace VirtAppliance.Hosts.Capabilities;

/// <summary>A &lt;domain type=...&gt; of a guest (qemu, kvm, xen, test...), with its own emulator and machines when listed.</summary>
public sealed record GuestDomainType(string Type, string? Emulator, IReadOnlyList<MachineType> Machines);
