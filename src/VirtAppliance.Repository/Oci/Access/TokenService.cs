using System.Net;
using System.Net.Http.Headers;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// The registry token flow: GET REALM?service=…&amp;scope=… with Basic credentials (or none, for an anonymous token), or a
/// POST with grant_type=refresh_token for an identity token. One HTTP client per realm host, with that host's trust.
/// </summary>
internal sealed class TokenService(RegistrySettings settings) : IDisposable
{
    private readonly Dictionary<string, (HttpClient Client, CertificateTrust Trust)> clients = new(StringComparer.Ordinal);

    /// <summary>A fresh token for SCOPE (space-separated scopes; null for none), or an exception a user can act on.</summary>
    public async Task<BearerToken> FetchAsync(AuthChallenge challenge, string? scope, RegistryCredential? credential, AccessRefusals refusals, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidDataException($"{refusals.Host}: the registry names a token service that is not an http(s) URL");
        }

        if (realm.Scheme == Uri.UriSchemeHttp && credential is not null && !OciReference.IsLoopbackHost(realm.Authority) && settings.TlsVerify)
        {
            throw new UnauthorizedAccessException($"{refusals.Host}: the token service {realm.GetLeftPart(UriPartial.Path)} is plain HTTP; credentials are not sent over it (use --tls-verify=false to allow it)");
        }

        using var request = credential is { IsIdentityToken: true } ? RefreshRequest(realm, challenge, scope, credential) : TokenRequest(realm, challenge, scope, credential);
        var (client, trust) = Client(realm);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException error) when (trust.Refused is { } refused)
        {
            throw new RegistryCertificateException(realm.Authority, refused, trust.Sources, error);
        }
        catch (HttpRequestException error)
        {
            throw new IOException($"{refusals.Host}: the token service {realm.GetLeftPart(UriPartial.Path)} cannot be reached: {error.Message}", error);
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                    throw refusals.TokenServiceRefused(realm, credential);
                case HttpStatusCode.Forbidden:
                    throw refusals.Denied(scope, credential, $"the token service {realm.GetLeftPart(UriPartial.Path)}");
                case var status when !response.IsSuccessStatusCode:
                    throw new IOException($"{refusals.Host}: the token service {realm.GetLeftPart(UriPartial.Path)} answered {(int)status} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > BearerToken.MaxBytes)
            {
                throw new InvalidDataException($"{refusals.Host}: the token service {realm.GetLeftPart(UriPartial.Path)} answered with {response.Content.Headers.ContentLength} bytes");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellation);
            return BearerToken.Parse(body, DateTimeOffset.UtcNow, realm.GetLeftPart(UriPartial.Path));
        }
    }

    public void Dispose()
    {
        foreach (var (client, _) in clients.Values)
        {
            client.Dispose();
        }
    }

    private static HttpRequestMessage TokenRequest(Uri realm, AuthChallenge challenge, string? scope, RegistryCredential? credential)
    {
        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add($"service={Uri.EscapeDataString(service)}");
        }

        foreach (var one in (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query.Add($"scope={Uri.EscapeDataString(one)}");
        }

        if (credential is not null)
        {
            query.Add($"account={Uri.EscapeDataString(credential.Username)}");
        }

        var separator = realm.Query.Length > 0 ? "&" : "?";
        var request = new HttpRequestMessage(HttpMethod.Get, query.Count == 0 ? realm : new Uri(realm + separator + string.Join('&', query)));
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicValue);
        }

        return request;
    }

    private static HttpRequestMessage RefreshRequest(Uri realm, AuthChallenge challenge, string? scope, RegistryCredential credential)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", credential.Secret),
            new("client_id", "virt-appliance"),
        };
        if (challenge.Service is { } service)
        {
            form.Add(new("service", service));
        }

        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private (HttpClient Client, CertificateTrust Trust) Client(Uri realm)
    {
        lock (clients)
        {
            if (!clients.TryGetValue(realm.Authority, out var entry))
            {
                var trust = new CertificateTrust(realm.Authority, settings);
                entry = (RegistryConnection.HttpClientTrusting(trust, TimeSpan.FromSeconds(60)), trust);
                clients[realm.Authority] = entry;
            }

            return entry;
        }
    }
}
