using System.Text;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// One WWW-Authenticate challenge: Basic realm="…", or Bearer realm="…",service="…",scope="…" (the registry token
/// flow). Parsed in one pass over the header; quoted values may hold commas and backslash escapes.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Headers longer than this are not a challenge a registry sends.</summary>
    public const int MaxLength = 8192;

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>error="invalid_token" or "insufficient_scope" (RFC 6750), on a refused token.</summary>
    public string? Error => Parameters.GetValueOrDefault("error");

    /// <summary>The challenge in SCHEME PARAMETERS, or null when it is not one.</summary>
    public static AuthChallenge? Parse(string scheme, string? parameters)
    {
        if (scheme.Length == 0 || scheme.Length > 64 || !scheme.All(char.IsAsciiLetterOrDigit) || (parameters?.Length ?? 0) > MaxLength)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameters ?? "";
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                if (name.Length > 0)
                {
                    return null; // a token68 (Basic's credentials form) or a bare word: not a parameter list
                }

                continue;
            }

            i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                if (i >= text.Length)
                {
                    return null; // an unterminated quote
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i++]);
                }
            }

            if (name.Length > 0)
            {
                values[name] = value.ToString().Trim();
            }
        }

        return new AuthChallenge(scheme, values);
    }

    /// <summary>The Bearer challenge among a response's WWW-Authenticate headers, else the Basic one, else null.</summary>
    public static AuthChallenge? From(System.Net.Http.Headers.HttpHeaderValueCollection<System.Net.Http.Headers.AuthenticationHeaderValue> headers)
    {
        var challenges = headers.Select(h => Parse(h.Scheme, h.Parameter)).OfType<AuthChallenge>().ToList();
        return challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }
}
