using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VirtAppliance.TestSupport.Registries;

/// <summary>
/// A small registry token service (the distribution token spec) over HTTPS on 127.0.0.1: it checks Basic credentials,
/// grants each user the actions it is allowed, and signs ES256 JWTs whose x5c chain the registry verifies against the
/// test CA. It can hand out expired tokens, to test the client's retry and its error.
/// </summary>
public sealed class TokenIssuer : IDisposable
{
    public const string Service = "virt-appliance-test-registry";
    public const string Issuer = "virt-appliance-test-issuer";

    private readonly WebApplication app;
    private readonly X509Certificate2 signing;
    private int issued;

    public TokenIssuer(TestAuthority authority)
    {
        signing = authority.IssueSigning("virt-appliance test token signer");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = authority.IssueServer();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        app = builder.Build();
        app.MapGet("/token", Token);
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)Refresh);
        app.StartAsync().GetAwaiter().GetResult();
        Realm = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/token");
    }

    /// <summary>https://127.0.0.1:PORT/token.</summary>
    public Uri Realm { get; }

    /// <summary>USER → (PASSWORD, the actions granted on every repository).</summary>
    public Dictionary<string, (string Password, string[] Actions)> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Identity (refresh) tokens → USER, for the OAuth2 form docker's identitytoken uses.</summary>
    public Dictionary<string, string> IdentityTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Actions an anonymous request gets; none by default (then it is refused with 401).</summary>
    public string[] AnonymousActions { get; set; } = [];

    /// <summary>How many of the next tokens are expired (exp two minutes ago, beyond the registry's leeway), though expires_in says 300.</summary>
    public int ExpiredTokens { get; set; }

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref issued);

    /// <summary>Every scope asked for, in order.</summary>
    public List<string> Scopes { get; } = [];

    public string RegistryAuthConfiguration(string rootCertificateBundle) => $"""
        auth:
          token:
            realm: {Realm}
            service: {Service}
            issuer: {Issuer}
            rootcertbundle: {rootCertificateBundle}
        """;

    public void Dispose()
    {
        app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
        signing.Dispose();
    }

    /// <summary>POST grant_type=refresh_token&amp;refresh_token=…&amp;scope=…: an access token for the identity token's user.</summary>
    private async Task<IResult> Refresh(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "refresh_token" || !IdentityTokens.TryGetValue(form["refresh_token"].ToString(), out var user))
        {
            return Results.Unauthorized();
        }

        var answer = Issue(user, Users[user].Actions, form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        answer["access_token"] = answer["token"]!.GetValue<string>();
        return Results.Json(answer);
    }

    private IResult Token(HttpContext context)
    {
        string? user = null;
        string[] allowed = AnonymousActions;
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } header)
        {
            if (!header.StartsWith("Basic ", StringComparison.Ordinal))
            {
                return Results.Unauthorized();
            }

            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = pair.IndexOf(':');
            if (colon < 0 || !Users.TryGetValue(pair[..colon], out var entry) || entry.Password != pair[(colon + 1)..])
            {
                return Results.Unauthorized();
            }

            user = pair[..colon];
            allowed = entry.Actions;
        }
        else if (AnonymousActions.Length == 0)
        {
            return Results.Unauthorized();
        }

        return Results.Json(Issue(user, allowed, context.Request.Query["scope"].OfType<string>()));
    }

    private JsonObject Issue(string? user, string[] allowed, IEnumerable<string> scopes)
    {
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            lock (Scopes)
            {
                Scopes.Add(scope);
            }

            var parts = scope.Split(':');
            if (parts.Length == 3)
            {
                var granted = parts[2].Split(',').Where(a => allowed.Contains(a) || allowed.Contains("*")).ToArray();
                access.Add(new JsonObject { ["type"] = parts[0], ["name"] = parts[1], ["actions"] = new JsonArray(granted.Select(a => (JsonNode)a).ToArray()) });
            }
        }

        bool expired;
        lock (Scopes)
        {
            expired = ExpiredTokens > 0;
            ExpiredTokens -= expired ? 1 : 0;
            issued++;
        }

        var now = DateTimeOffset.UtcNow;
        var expires = expired ? now.AddMinutes(-2) : now.AddMinutes(5);
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = user ?? "",
            ["aud"] = Service,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["nbf"] = (expired ? now.AddMinutes(-10) : now.AddSeconds(-30)).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            ["access"] = access,
        };
        var token = Sign(claims);
        return new JsonObject { ["token"] = token, ["expires_in"] = 300, ["issued_at"] = now.ToString("O") };
    }

    private string Sign(JsonObject claims)
    {
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new JsonArray(Convert.ToBase64String(signing.RawData)) };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        using var key = signing.GetECDsaPrivateKey()!;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
