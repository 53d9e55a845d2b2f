using System.Net;
using System.Net.Sockets;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Deployment.Planning;

/// <summary>
/// A host port goes to one guest: before anything is created, the ports a new instance publishes are checked against
/// the instances already on the same host and, on this machine, against what is listening now.
/// </summary>
public static class PublishedPortCheck
{
    public static void Check(InstancePlan plan, IEnumerable<InstancePlan> others)
    {
        foreach (var port in plan.Published)
        {
            var holder = others.FirstOrDefault(other => other.Name != plan.Name && SameHost(other.ConnectionUri, plan.ConnectionUri)
                && other.Published.Any(taken => Clashes(taken, port)));
            if (holder is not null)
            {
                throw new InstanceExistsException(
                    $"host port {port.Address}:{port.HostPort}/{port.Protocol} is already published by instance '{holder.Name}'; choose another --publish port or undeploy '{holder.Name}'");
            }

            if (ConnectionUris.IsLocal(plan.ConnectionUri) && !Free(port))
            {
                throw new InstanceExistsException(
                    $"host port {port.Address}:{port.HostPort}/{port.Protocol} is in use by another program on this machine; choose another --publish port");
            }
        }
    }

    /// <summary>A free host port for a port published without one (this machine only: a remote host's ports cannot be seen from here).</summary>
    public static PublishedPort Assign(PublishedPort port, string connectionUri)
    {
        if (!port.IsAutomatic)
        {
            return port;
        }

        if (!ConnectionUris.IsLocal(connectionUri) || !IPAddress.TryParse(port.Address, out var address))
        {
            throw new ArgumentException($"--publish {port.GuestPort}: give the host port too (HOSTPORT:{port.GuestPort}) for {connectionUri}; free ports are chosen on this machine only");
        }

        if (port.Protocol == "udp")
        {
            using var udp = new UdpClient(new IPEndPoint(address, 0));
            return port with { HostPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port };
        }

        var listener = new TcpListener(address, 0);
        listener.Start();
        var chosen = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port with { HostPort = chosen };
    }

    private static bool Clashes(PublishedPort a, PublishedPort b) =>
        a.HostPort == b.HostPort && a.Protocol == b.Protocol && (a.Address == b.Address || a.Address is "0.0.0.0" || b.Address is "0.0.0.0");

    /// <summary>Every qemu:/// URI of this machine shares its ports; remote ones share them with URIs of the same host.</summary>
    private static bool SameHost(string a, string b) =>
        ConnectionUris.IsLocal(a) && ConnectionUris.IsLocal(b) || (Uri.TryCreate(a, UriKind.Absolute, out var first) && Uri.TryCreate(b, UriKind.Absolute, out var second)
            && !string.IsNullOrEmpty(first.Host) && string.Equals(first.Host, second.Host, StringComparison.OrdinalIgnoreCase));

    private static bool Free(PublishedPort port)
    {
        if (!IPAddress.TryParse(port.Address, out var address))
        {
            return true;
        }

        try
        {
            if (port.Protocol == "udp")
            {
                using var udp = new UdpClient(new IPEndPoint(address, port.HostPort));
            }
            else
            {
                var tcp = new TcpListener(address, port.HostPort);
                tcp.Start();
                tcp.Stop();
            }

            return true;
        }
        catch (SocketException error) when (error.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
