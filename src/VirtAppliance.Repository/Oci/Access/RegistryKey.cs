namespace VirtAppliance.Repository.Oci.Access;

/// <summary>How auth files name registries: HOST[:PORT][/PATH], or a URL as docker login writes it (https://HOST/v1/).</summary>
public static class RegistryKey
{
    /// <summary>The key without scheme, API suffix or trailing slash, in lower case for the host part.</summary>
    public static string Normalize(string key)
    {
        var text = key.Trim();
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                text = text[scheme.Length..];
            }
        }

        text = text.TrimEnd('/');
        foreach (var suffix in (string[])["/v1", "/v2"])
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length];
            }
        }

        var slash = text.IndexOf('/');
        return slash < 0 ? text.ToLowerInvariant() : text[..slash].ToLowerInvariant() + text[slash..];
    }

    /// <summary>HOST/a/b/c, HOST/a/b, HOST/a, HOST: the keys an entry may have, most specific first.</summary>
    public static IEnumerable<string> Candidates(string host, string repository)
    {
        var path = repository;
        while (path.Length > 0)
        {
            yield return $"{host}/{path}";
            var slash = path.LastIndexOf('/');
            path = slash < 0 ? "" : path[..slash];
        }

        yield return host;
    }
}
