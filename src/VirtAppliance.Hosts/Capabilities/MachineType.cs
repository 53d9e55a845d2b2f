namespace VirtAppliance.Hosts.Capabilities;

/// <summary>A machine type an emulator offers.</summary>
/// <param name="Name">Its name (pc-i440fx-7.2, q35).</param>
/// <param name="Canonical">The versioned name an alias stands for.</param>
/// <param name="MaxCpus">The most vCPUs it takes.</param>
/// <param name="Deprecated">Whether QEMU deprecated it.</param>
public sealed record MachineType(string Name, string? Canonical, int? MaxCpus, bool Deprecated);
