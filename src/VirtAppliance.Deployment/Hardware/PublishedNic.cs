using System.Globalization;
using System.Xml.Linq;
using VirtAppliance.Deployment.Planning;

namespace VirtAppliance.Deployment.Hardware;

/// <summary>
/// A network card added with forwarded host ports: QEMU's own user-mode network with hostfwd, since libvirt forwards
/// ports only with the passt back end, which Debian 12's libvirt 9.0 refuses. It lives on QEMU's command line in the
/// definition (as deploy's published NIC does) and is hot-plugged through the monitor; each gets its own subnet
/// (10.0.N.0/24) so that the guest answers forwarded connections on the card they came in on.
/// </summary>
public sealed record PublishedNic(string Id, string MacAddress, string Bus, string Slot, int Subnet, IReadOnlyList<PublishedPort> Ports)
{
    public const string IdPrefix = "vapub";

    /// <summary>deploy's published NIC has 10.0.2.0/24 (QEMU's default); added ones count up from the next.</summary>
    public const int FirstSubnet = 3;

    public string DeviceId => Id + "-nic";

    public string NetdevArgument =>
        $"user,id={Id},net=10.0.{Subnet.ToString(CultureInfo.InvariantCulture)}.0/24" + string.Concat(Ports.Select(p => $",hostfwd={p.ToHostForward()}"));

    public string DeviceArgument => $"virtio-net-pci,netdev={Id},mac={MacAddress},id={DeviceId},bus={Bus},addr={Slot}";

    /// <summary>The published NICs that attach added to a definition, read back from its QEMU command line.</summary>
    public static IReadOnlyList<PublishedNic> In(XElement domain)
    {
        XNamespace qemu = DomainXmlBuilder.QemuNamespace;
        var values = domain.Elements(qemu + "commandline").Elements(qemu + "arg").Select(a => (string?)a.Attribute("value") ?? "").ToList();
        var found = new List<PublishedNic>();
        for (var i = 0; i + 1 < values.Count; i++)
        {
            if (values[i] != "-netdev" || Option(values[i + 1], "id") is not { } id || !id.StartsWith(IdPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var device = values.Where((value, at) => at > 0 && values[at - 1] == "-device" && Option(value, "netdev") == id).FirstOrDefault() ?? "";
            var net = Option(values[i + 1], "net") ?? "";
            var subnet = net.Split('.') is { Length: 4 } octets && int.TryParse(octets[2], CultureInfo.InvariantCulture, out var third) ? third : 0;
            var ports = values[i + 1].Split(',').Where(o => o.StartsWith("hostfwd=", StringComparison.Ordinal)).Select(o => FromHostForward(o["hostfwd=".Length..])).OfType<PublishedPort>().ToList();
            found.Add(new PublishedNic(id, Option(device, "mac") ?? "", Option(device, "bus") ?? "", Option(device, "addr") ?? "", subnet, ports));
        }

        return found;
    }

    private static string? Option(string argument, string name) =>
        argument.Split(',').FirstOrDefault(o => o.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// <summary>tcp:127.0.0.1:8080-:80 back to a port.</summary>
    private static PublishedPort? FromHostForward(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 4 || !parts[2].EndsWith('-'))
        {
            return null;
        }

        return int.TryParse(parts[2].TrimEnd('-'), CultureInfo.InvariantCulture, out var host) && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var guest)
            ? new PublishedPort(parts[1], host, guest, parts[0])
            : null;
    }
}
