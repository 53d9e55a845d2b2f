using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>
/// 'network --bootproto=dhcp' for a systemd root: systemd-networkd enabled, with DHCP on every wired NIC. Roots with
/// cloud-init are left alone (cloud-init writes the network configuration from its datasource), and so are roots
/// without systemd-networkd.
/// </summary>
internal static class SystemdNetwork
{
    public const string ConfigurationPath = "/etc/systemd/network/80-appliance-dhcp.network";

    private const string Configuration = "# Written by virt-appliance build for 'network --bootproto=dhcp'.\n[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n";

    private static readonly (string Wants, string Unit)[] Enabled =
    [
        ("multi-user.target.wants", "systemd-networkd.service"),
        ("sockets.target.wants", "systemd-networkd.socket"),
    ];

    public static bool Applies(string root) =>
        UnitFolder(root) is not null && !File.Exists(GuestPath.OnHost(root, "/usr/bin/cloud-init"));

    /// <summary>The .network file's text, and the unit links (link path → target) that systemctl enable would make.</summary>
    public static (string Text, IReadOnlyList<(string Link, string Target)> Links) Plan(string root)
    {
        var units = UnitFolder(root) ?? throw new InvalidOperationException("the root has no systemd-networkd");
        var links = Enabled.Select(e => ($"/etc/systemd/system/{e.Wants}/{e.Unit}", $"{units}/{e.Unit}")).ToList();
        return (Configuration, links);
    }

    private static string? UnitFolder(string root) =>
        new[] { "/usr/lib/systemd/system", "/lib/systemd/system" }.FirstOrDefault(f => File.Exists(GuestPath.OnHost(root, f + "/systemd-networkd.service")));
}
