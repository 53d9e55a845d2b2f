namespace VirtAppliance.Deployment.Planning;

/// <summary>--publish [ADDRESS:]HOSTPORT:GUESTPORT[/tcp|udp]: a host port forwarded into the guest (user-mode networking).</summary>
public sealed record PublishedPort(string Address, int HostPort, int GuestPort, string Protocol)
{
    public static PublishedPort Parse(string text)
    {
        var protocol = "tcp";
        var body = text;
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            body = text[..slash];
        }

        var parts = body.Split(':');
        if (protocol is not ("tcp" or "udp") || parts.Length is < 2 or > 3)
        {
            throw new ArgumentException($"--publish '{text}': expected [ADDRESS:]HOSTPORT:GUESTPORT[/tcp|udp], for example 8080:80");
        }

        var address = parts.Length == 3 ? parts[0] : "127.0.0.1";
        return new PublishedPort(address, Port(parts[^2], text), Port(parts[^1], text), protocol);
    }

    /// <summary>QEMU's -netdev user hostfwd syntax.</summary>
    public string ToHostForward() => $"{Protocol}:{Address}:{HostPort}-:{GuestPort}";

    private static int Port(string value, string text) =>
        int.TryParse(value, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"--publish '{text}': '{value}' is not a port number (1-65535)");
}
