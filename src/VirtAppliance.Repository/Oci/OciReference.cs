namespace VirtAppliance.Repository.Oci;

/// <summary>oci://HOST[:PORT]/REPOSITORY[:TAG]: a registry (HOST[:PORT], reached as <see cref="Access.RegistryConnection"/> decides) and a repository in it.</summary>
public sealed record OciReference(string Host, string Repository, string? Tag)
{
    public static OciReference Parse(string text)
    {
        const string scheme = "oci://";
        if (!text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{text}' is not an oci:// reference (oci://HOST[:PORT]/REPOSITORY)");
        }

        var rest = text[scheme.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw new ArgumentException($"'{text}': expected oci://HOST[:PORT]/REPOSITORY");
        }

        var host = rest[..slash];
        var repository = rest[(slash + 1)..].TrimEnd('/');
        string? tag = null;
        var colon = repository.LastIndexOf(':');
        if (colon > repository.LastIndexOf('/'))
        {
            tag = repository[(colon + 1)..];
            repository = repository[..colon];
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(repository, "^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$"))
        {
            throw new ArgumentException($"'{repository}' is not a valid OCI repository name (lower-case letters, digits, '.', '_', '-', '/')");
        }

        if (Uri.CheckHostName(HostName(host)) == UriHostNameType.Unknown || (host.Contains(':') && !host.StartsWith('[') && !int.TryParse(host[(host.LastIndexOf(':') + 1)..], out _)))
        {
            throw new ArgumentException($"'{text}': '{host}' is not a registry HOST[:PORT]");
        }

        return new OciReference(host.ToLowerInvariant(), repository, tag);
    }

    /// <summary>oci://HOST[:PORT][/PREFIX] plus an appliance NAME[:VERSION] → the repository PREFIX/NAME, tag VERSION.</summary>
    public static OciReference ForAppliance(string registry, string reference)
    {
        var colon = reference.IndexOf(':');
        var name = (colon < 0 ? reference : reference[..colon]).ToLowerInvariant();
        var tag = colon < 0 ? null : reference[(colon + 1)..];
        return Parse(registry.TrimEnd('/') + "/" + name) with { Tag = tag };
    }

    /// <summary>127.0.0.0/8, localhost and ::1: the hosts where a registry without TLS is accepted.</summary>
    public bool IsLoopback => IsLoopbackHost(Host);

    public static bool IsLoopbackHost(string host)
    {
        var name = HostName(host);
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(name.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    public override string ToString() => $"oci://{Host}/{Repository}{(Tag is null ? "" : ":" + Tag)}";

    /// <summary>HOST of HOST[:PORT] ([::1] of [::1]:5000).</summary>
    private static string HostName(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.LastIndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}
