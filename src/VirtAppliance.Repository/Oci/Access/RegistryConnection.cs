using System.Net.Sockets;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// The HTTP side of one registry repository. The first request pings https://HOST/v2/ (as docker and skopeo do, for
/// loopback too): it decides the scheme and learns the authentication challenge. Plain HTTP is used only when the
/// server does not speak TLS and is on loopback, or with --tls-verify=false (warned each time).
/// </summary>
public sealed class RegistryConnection : IDisposable
{
    private readonly OciReference reference;
    private readonly RegistrySettings settings;
    private readonly CertificateTrust trust;
    private readonly RegistryAuthHandler auth;
    private readonly HttpClient client;
    private readonly SemaphoreSlim resolving = new(1, 1);
    private Uri? root;

    public RegistryConnection(OciReference reference, RegistrySettings settings)
    {
        this.reference = reference;
        this.settings = settings;
        trust = new CertificateTrust(reference.Host, settings);
        auth = new RegistryAuthHandler(reference.Host, reference.Repository, settings, Handler(trust));
        client = new HttpClient(auth) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>How many bearer tokens were fetched so far.</summary>
    public int TokensFetched => auth.TokensFetched;

    /// <summary>https://HOST/ or http://HOST/, once the first request decided.</summary>
    public Uri? Root => root;

    /// <summary>An HTTP client that trusts servers as <paramref name="trust"/> says.</summary>
    public static HttpClient HttpClientTrusting(CertificateTrust trust, TimeSpan timeout) => new(Handler(trust)) { Timeout = timeout };

    /// <summary>Sends a request whose URI may be relative to the registry's root, authenticated for <paramref name="scope"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? scope, CancellationToken cancellation)
    {
        var baseUri = await RootAsync(cancellation);
        if (request.RequestUri is { IsAbsoluteUri: false } relative)
        {
            request.RequestUri = new Uri(baseUri, relative);
        }

        if (scope is not null)
        {
            request.Options.Set(RegistryAuthHandler.Scope, scope);
        }

        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException error) when (trust.Refused is { } refused)
        {
            throw new RegistryCertificateException(reference.Host, refused, trust.Sources, error);
        }
        catch (HttpRequestException error)
        {
            throw new IOException($"{reference}: {error.Message}", error);
        }
    }

    /// <summary>
    /// What `registry login` checks: GET /v2/ authenticated as the challenge asks (for Bearer a token without scope, as
    /// docker login asks for one). Throws as any refused request does.
    /// </summary>
    public async Task CheckLoginAsync(CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v2/", UriKind.Relative));
        using var response = await SendAsync(request, null, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"{reference.Host}: the registry answered {(int)response.StatusCode} {response.ReasonPhrase} to /v2/ (is it an OCI registry?)");
        }
    }

    public void Dispose()
    {
        client.Dispose();
        resolving.Dispose();
    }

    private static SocketsHttpHandler Handler(CertificateTrust trust) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ConnectCallback = Transport.DownloadSockets.ConnectAsync,
        SslOptions = { RemoteCertificateValidationCallback = trust.Validate },
    };

    private async Task<Uri> RootAsync(CancellationToken cancellation)
    {
        if (root is not null)
        {
            return root;
        }

        await resolving.WaitAsync(cancellation);
        try
        {
            return root ??= await ResolveAsync(cancellation);
        }
        finally
        {
            resolving.Release();
        }
    }

    private async Task<Uri> ResolveAsync(CancellationToken cancellation)
    {
        if (!settings.TlsVerify)
        {
            settings.Warn($"TLS verification is off for {reference.Host} (--tls-verify=false): the registry's identity is not checked");
        }

        var https = new Uri($"https://{reference.Host}/");
        try
        {
            await PingAsync(https, cancellation);
            return https;
        }
        catch (HttpRequestException error) when (trust.Refused is { } refused)
        {
            throw new RegistryCertificateException(reference.Host, refused, trust.Sources, error);
        }
        catch (HttpRequestException error) when (!trust.SawCertificate && error.InnerException is not SocketException && (reference.IsLoopback || !settings.TlsVerify))
        {
            var http = new Uri($"http://{reference.Host}/");
            try
            {
                await PingAsync(http, cancellation);
            }
            catch (HttpRequestException plain)
            {
                throw new IOException($"{reference.Host}: the registry answers neither HTTPS ({error.Message}) nor HTTP ({plain.Message})", plain);
            }

            if (!reference.IsLoopback)
            {
                settings.Warn($"{reference.Host} does not speak TLS: using plain HTTP because of --tls-verify=false");
            }

            return http;
        }
        catch (HttpRequestException error)
        {
            throw new IOException($"{reference.Host}: the registry cannot be reached over HTTPS: {error.Message}", error);
        }
    }

    private async Task PingAsync(Uri baseUri, CancellationToken cancellation)
    {
        using var ping = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "v2/"));
        ping.Options.Set(RegistryAuthHandler.Ping, true);
        using var response = await client.SendAsync(ping, HttpCompletionOption.ResponseHeadersRead, cancellation);
    }
}
