using System.Net;
using System.Net.Http.Headers;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// Authenticates requests to one registry. The challenge (from the /v2/ ping or a 401) says Basic or Bearer; Basic sends
/// the credentials with every request, Bearer a token per scope, fetched once and reused until it expires. A 401 is
/// retried once with a fresh token; a second one, or a 403, becomes an error naming the scope.
/// </summary>
internal sealed class RegistryAuthHandler : DelegatingHandler
{
    /// <summary>The scope a request needs (repository:NAME:pull, repository:NAME:pull,push, registry:catalog:*).</summary>
    public static readonly HttpRequestOptionsKey<string> Scope = new("virt-appliance.scope");

    /// <summary>Set on the /v2/ ping: sent without credentials, its challenge remembered.</summary>
    public static readonly HttpRequestOptionsKey<bool> Ping = new("virt-appliance.ping");

    private readonly Dictionary<string, BearerToken> tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim fetching = new(1, 1);
    private readonly TokenService tokenService;
    private readonly Lazy<CredentialSearch> credentials;
    private readonly AccessRefusals refusals;
    private AuthChallenge? challenge;

    public RegistryAuthHandler(string host, string repository, RegistrySettings settings, HttpMessageHandler inner) : base(inner)
    {
        tokenService = new TokenService(settings);
        credentials = new Lazy<CredentialSearch>(() => CredentialLookup.Find(host, repository, settings));
        refusals = new AccessRefusals(host, () => credentials.Value);
    }

    /// <summary>How many tokens were fetched (tests check reuse).</summary>
    public int TokensFetched { get; private set; }

    public RegistryCredential? Credential => credentials.Value.Found;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        var ping = request.Options.TryGetValue(Ping, out var isPing) && isPing;
        request.Options.TryGetValue(Scope, out var scope);
        if (!ping)
        {
            await AuthorizeAsync(request, scope, fresh: false, cancellation);
        }

        var response = await base.SendAsync(request, cancellation);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.From(response.Headers.WwwAuthenticate) is not { } given)
        {
            return ping ? response : Checked(response, scope);
        }

        challenge = given;
        if (ping)
        {
            return response;
        }

        var sent = request.Headers.Authorization is not null;
        response.Dispose();
        if (given.IsBasic && sent)
        {
            throw refusals.CredentialsRefused(Credential!);
        }

        request.Headers.Authorization = null;
        await AuthorizeAsync(request, given.Scope ?? scope, fresh: true, cancellation);
        if (request.Headers.Authorization is null)
        {
            throw refusals.NoCredentials(scope ?? "this request");
        }

        response = await base.SendAsync(request, cancellation);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var again = AuthChallenge.From(response.Headers.WwwAuthenticate);
            response.Dispose();
            throw given.IsBasic ? refusals.CredentialsRefused(Credential!)
                : again?.Error == "insufficient_scope" ? refusals.Denied(again.Scope ?? scope, Credential, "the registry")
                : refusals.TokenRefused(given.Scope ?? scope);
        }

        return Checked(response, scope);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            tokenService.Dispose();
            fetching.Dispose();
        }

        base.Dispose(disposing);
    }

    private HttpResponseMessage Checked(HttpResponseMessage response, string? scope)
    {
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return response;
        }

        response.Dispose();
        throw refusals.Denied(scope, challenge is null ? null : Credential, "the registry");
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, string? scope, bool fresh, CancellationToken cancellation)
    {
        switch (challenge)
        {
            case { IsBasic: true } when Credential is { IsIdentityToken: false } basic:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic.BasicValue);
                break;
            case { IsBearer: true } bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await TokenAsync(bearer, scope, fresh, cancellation)).Value);
                break;
        }
    }

    private async Task<BearerToken> TokenAsync(AuthChallenge bearer, string? scope, bool fresh, CancellationToken cancellation)
    {
        var key = scope ?? "";
        await fetching.WaitAsync(cancellation);
        try
        {
            if (!fresh && tokens.TryGetValue(key, out var cached) && cached.IsUsable(DateTimeOffset.UtcNow))
            {
                return cached;
            }

            var token = await tokenService.FetchAsync(bearer, scope, Credential, refusals, cancellation);
            TokensFetched++;
            tokens[key] = token;
            return token;
        }
        finally
        {
            fetching.Release();
        }
    }
}
