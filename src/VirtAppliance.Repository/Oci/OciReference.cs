namespace VirtAppliance.Repository.Oci;

/// <summary>oci://HOST[:PORT]/REPOSITORY[:TAG]: a registry (plain HTTP for loopback hosts, HTTPS otherwise) and a repository in it.</summary>
public sealed record OciReference(Uri Registry, string Repository, string? Tag)
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

        var loopback = host.StartsWith("127.", StringComparison.Ordinal) || host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("[::1]", StringComparison.Ordinal);
        return new OciReference(new Uri($"{(loopback ? "http" : "https")}://{host}/"), repository, tag);
    }

    /// <summary>oci://HOST[:PORT][/PREFIX] plus an appliance NAME[:VERSION] → the repository PREFIX/NAME, tag VERSION.</summary>
    public static OciReference ForAppliance(string registry, string reference)
    {
        var colon = reference.IndexOf(':');
        var name = (colon < 0 ? reference : reference[..colon]).ToLowerInvariant();
        var tag = colon < 0 ? null : reference[(colon + 1)..];
        return Parse(registry.TrimEnd('/') + "/" + name) with { Tag = tag };
    }

    public override string ToString() => $"oci://{Registry.Authority}/{Repository}{(Tag is null ? "" : ":" + Tag)}";
}
