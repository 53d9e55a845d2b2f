namespace VirtAppliance.Libvirt;

/// <summary>An address a guest interface has, and where libvirt learned it (lease, agent, arp).</summary>
public sealed record GuestAddress(string Interface, string? MacAddress, string Address, int Prefix, string Source);
