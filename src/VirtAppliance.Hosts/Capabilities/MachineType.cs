namespace VirtAppliance.Hosts.Capabilities;

public sealed record MachineType(string Name, string? Canonical, int? MaxCpus, bool Deprecated);
