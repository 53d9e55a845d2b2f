using VirtAppliance.Hosts.Capabilities;

namespace VirtAppliance.Hosts.Matching;

/// <summary>Short descriptions of what a host offers, for reasons ("hvm x86_64 (kvm, qemu) and no Xen").</summary>
internal static class HostSummary
{
    public static string Offers(HostCapabilities host)
    {
        if (host.Guests.Count == 0)
        {
            return "this host offers no guests at all";
        }

        var offered = host.Guests
            .GroupBy(g => (OsType: Describe(g.OsType), g.Arch))
            .Select(group => $"{group.Key.OsType} {group.Key.Arch} ({string.Join(", ", group.SelectMany(g => g.Domains).Select(d => d.Type).Distinct())})");
        var hasXen = host.Guests.Any(g => g.OsType == "xen");
        return $"this host offers {string.Join(", ", offered)}{(hasXen ? "" : " and no Xen paravirt")}";
    }

    public static string Describe(string osType) => osType switch
    {
        "xen" => "Xen paravirt",
        "hvm" => "hvm",
        _ => osType,
    };
}
