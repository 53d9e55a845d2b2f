namespace VirtAppliance.Deployment.Planning;

/// <summary>
/// --publish [ADDRESS:]HOSTPORT:GUESTPORT[/tcp|udp]: a host port forwarded into the guest (user-mode networking).
/// GUESTPORT alone (or a host port of 0) lets deploy choose a free host port, as docker's -p GUESTPORT does.
/// </summary>
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
        if (protocol is not ("tcp" or "udp") || parts.Length > 3)
        {
            throw new ArgumentException($"--publish '{text}': expected [ADDRESS:]HOSTPORT:GUESTPORT[/tcp|udp], for example 8080:80 (or GUESTPORT alone for a free host port)");
        }

        var address = parts.Length == 3 && parts[0].Length > 0 ? parts[0] : "127.0.0.1";
        var hostPort = parts.Length == 1 || parts[^2] is "" or "0" ? Automatic : Port(parts[^2], text);
        return new PublishedPort(address, hostPort, Port(parts[^1], text), protocol);
    }

    /// <summary>A host port deploy chooses (a free one, recorded in the plan and printed).</summary>
    public const int Automatic = 0;

    public bool IsAutomatic => HostPort == Automatic;

    /// <summary>"127.0.0.1:8080 → 80/tcp".</summary>
    public override string ToString() => $"{Address}:{HostPort} → {GuestPort}/{Protocol}";

    /// <summary>QEMU's -netdev user hostfwd syntax.</summary>
    public string ToHostForward() => $"{Protocol}:{Address}:{HostPort}-:{GuestPort}";

    private static int Port(string value, string text) =>
        int.TryParse(value, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"--publish '{text}': '{value}' is not a port number (1-65535)");
}
