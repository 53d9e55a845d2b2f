using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Fleet.Survey;

/// <summary>What one host of the fleet answered: its connection and resources, or why it could not be reached.</summary>
public sealed record HostReport(FleetHost Host, ConnectedHost? Connection, string? Error, HostResources? Resources, int VcpusInUse, long GuestMemoryMiB, int RunningDomains)
{
    public bool Reachable => Connection is not null;

    /// <summary>"kvm" when libvirt there offers KVM guests, else "none (TCG only)".</summary>
    public string Accelerator =>
        Connection?.Capabilities.Guests.Any(g => g.Domains.Any(d => d.Type is "kvm")) == true && Connection.Capabilities.KvmUsable != false ? "kvm" : "none (TCG only)";

    public IReadOnlyList<string> Arches => Connection?.Capabilities.Guests.Select(g => g.Arch).Distinct().Order(StringComparer.Ordinal).ToList() ?? [];

    /// <summary>
    /// Memory new guests can have, in MiB: the smaller of the host's available memory and its total less what running
    /// guests were given (a guest may not have touched all of its memory yet).
    /// </summary>
    public long AvailableMemoryMiB => Resources is { } r ? Math.Max(0, Math.Min(r.AvailableKiB / 1024, r.TotalKiB / 1024 - GuestMemoryMiB)) : 0;
}
