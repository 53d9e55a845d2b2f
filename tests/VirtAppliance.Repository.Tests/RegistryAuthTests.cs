using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Oci.Access;
using VirtAppliance.Repository.Sources;
using VirtAppliance.TestSupport;
using VirtAppliance.TestSupport.Registries;

namespace VirtAppliance.Repository.Tests;

/// <summary>
/// Publish and pull through registries as teams run them (Debian's docker-registry with TLS from a test CA; htpasswd Basic
/// authentication, and token mode with a token service): the credentials found where skopeo finds them, the errors a
/// user can act on, and nothing cached when access is refused.
/// </summary>
[Trait("Category", "Network")]
public sealed class RegistryAuthTests(SecureRegistries registries) : IClassFixture<SecureRegistries>
{
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    private RegistrySettings Settings(RegistryCredential? credentials = null, string? authFile = null, string? caFile = "", Func<string, string?>? environment = null) => new()
    {
        Credentials = credentials,
        AuthFile = authFile,
        CaFile = caFile == "" ? registries.CaFile : caFile,
        CertificateFolders = [],
        Environment = environment ?? (name => name == "PATH" ? "/usr/bin:/bin" : null),
    };

    private static RegistryCredential Writer => new(SecureRegistries.Writer, SecureRegistries.WriterPassword, "the test");

    private static RegistryCredential Reader => new(SecureRegistries.Reader, SecureRegistries.ReaderPassword, "the test");

    private static OciSource Source(RepositoryFixture fixture, string address, string prefix, RegistrySettings settings) =>
        new("test", $"oci://{address}/{prefix}", fixture.Settings(null, insecure: true) with { Registry = settings });

    private static PublishOutcome Publish(RepositoryFixture fixture, string address, string prefix, RegistrySettings settings)
    {
        using var source = Source(fixture, address, prefix, settings);
        return source.PublishAsync(fixture.DescriptorPath, fixture.Key, false, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static void AssertPulled(RepositoryFixture fixture, string address, string prefix, RegistrySettings settings)
    {
        using var source = Source(fixture, address, prefix, settings);
        var result = fixture.Pull(source);
        Assert.Equal("boot2", result.VariantId);
        Assert.Equal(File.ReadAllBytes(Path.Combine(fixture.Source, "root.img")), File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(result.DescriptorPath)!, "root.img")));
    }

    private static Exception Refusal(RepositoryFixture fixture, string address, string prefix, RegistrySettings settings)
    {
        using var source = Source(fixture, address, prefix, settings);
        var error = Record.Exception(() => fixture.Pull(source));
        Assert.NotNull(error);
        var cache = fixture.Folder.File("cache");
        Assert.False(Directory.Exists(cache) && Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Any(), "a refused pull left something in the cache");
        Assert.False(Directory.Exists(fixture.Folder.File("pulled")), "a refused pull made its output folder");
        AssertNoSecret(error.ToString());
        return error;
    }

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in (string[])[SecureRegistries.WriterPassword, SecureRegistries.ReaderPassword, Writer.BasicValue, Reader.BasicValue])
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Basic_authentication_over_TLS_publishes_and_pulls_with_credentials_given_or_found_in_an_auth_file()
    {
        using var fixture = new RepositoryFixture();
        Publish(fixture, registries.Basic.Address, "basic", Settings(Writer));

        var authFile = AuthFile.Empty(fixture.Folder.File("auth.json"));
        authFile.Set(registries.Basic.Address, SecureRegistries.Reader, SecureRegistries.ReaderPassword);
        authFile.Save();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authFile.Path));
        AssertPulled(fixture, registries.Basic.Address, "basic", Settings(authFile: authFile.Path));

        // Found through $REGISTRY_AUTH_FILE, as skopeo and podman find it.
        using var other = new RepositoryFixture();
        Publish(other, registries.Basic.Address, "basic-env", Settings(Writer));
        AssertPulled(other, registries.Basic.Address, "basic-env", Settings(environment: name => name == "REGISTRY_AUTH_FILE" ? authFile.Path : null));
    }

    [Fact]
    public void Wrong_or_missing_credentials_are_refused_with_where_they_came_from_and_nothing_is_cached()
    {
        using var fixture = new RepositoryFixture();
        Publish(fixture, registries.Basic.Address, "refusals", Settings(Writer));

        var wrong = Refusal(fixture, registries.Basic.Address, "refusals", Settings(new RegistryCredential(SecureRegistries.Reader, "not-the-password", "--creds")));
        Assert.IsType<UnauthorizedAccessException>(wrong);
        Assert.Contains($"refused the credentials of '{SecureRegistries.Reader}' from --creds", wrong.Message);
        Assert.Contains($"registry login {registries.Basic.Address}", wrong.Message);

        var home = fixture.Folder.File("home");
        var missing = Refusal(fixture, registries.Basic.Address, "refusals", Settings(environment: name => name switch { "HOME" => home, "XDG_RUNTIME_DIR" => fixture.Folder.File("run"), _ => null }));
        Assert.IsType<UnauthorizedAccessException>(missing);
        Assert.Contains("no credentials for", missing.Message);
        Assert.Contains(Path.Combine(fixture.Folder.File("run"), "containers", "auth.json") + " (absent)", missing.Message);
        Assert.Contains(Path.Combine(home, ".docker", "config.json") + " (absent)", missing.Message);
    }

    [Fact]
    public void An_untrusted_certificate_is_refused_naming_the_host_subject_and_issuer_and_a_certs_d_folder_trusts_it()
    {
        using var fixture = new RepositoryFixture();
        using var stranger = new TestAuthority("some other CA");
        var strangerFile = fixture.Folder.File("stranger.crt");
        File.WriteAllText(strangerFile, stranger.CertificatePem);

        foreach (var caFile in (string?[])[null, strangerFile])
        {
            var error = Refusal(fixture, registries.Basic.Address, "tls", Settings(Writer, caFile: caFile));
            var refused = Assert.IsType<RegistryCertificateException>(error);
            Assert.Contains(registries.Basic.Address, refused.Message);
            Assert.Contains("subject CN=127.0.0.1", refused.Message);
            Assert.Contains("issuer CN=virt-appliance test CA", refused.Message);
            Assert.Contains("--ca-file", refused.Message);
        }

        // The containers/docker convention: CERTS.D/HOST:PORT/*.crt.
        var certs = Directory.CreateDirectory(Path.Combine(fixture.Folder.File("certs.d"), registries.Basic.Address)).FullName;
        File.Copy(registries.CaFile, Path.Combine(certs, "ca.crt"));
        Publish(fixture, registries.Basic.Address, "certs-d", Settings(Writer, caFile: null) with { CertificateFolders = [fixture.Folder.File("certs.d")] });

        // --tls-verify=false accepts it, and says so.
        var warnings = new List<string>();
        AssertPulled(fixture, registries.Basic.Address, "certs-d", Settings(Writer, caFile: null) with { TlsVerify = false, Warn = warnings.Add });
        Assert.Contains(warnings, w => w.Contains("TLS verification is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_mode_publishes_and_pulls_and_reuses_each_scopes_token()
    {
        using var fixture = new RepositoryFixture(rootBytes: 40 << 20);
        var before = registries.Tokens.Issued;
        Publish(fixture, registries.Token.Address, "token", Settings(Writer));
        using (var registry = new OciRegistry(OciReference.ForAppliance($"oci://{registries.Token.Address}/token", "three-ways"), Settings(Reader)))
        {
            Assert.NotNull(await registry.GetManifestAsync("1.0", OciMediaTypes.ImageIndex, CancellationToken.None));
            Assert.NotNull(await registry.GetManifestAsync("latest", OciMediaTypes.ImageIndex, CancellationToken.None));
            Assert.Equal(1, registry.Connection.TokensFetched);
            Assert.Equal(new Uri($"https://{registries.Token.Address}/"), registry.Connection.Root);
        }

        // The publish asked once for pull (HEAD of blobs) and once for pull,push, for tens of requests (chunked uploads).
        Assert.Equal(3, registries.Tokens.Issued - before);
        AssertPulled(fixture, registries.Token.Address, "token", Settings(Reader));
    }

    [Fact]
    public void A_refused_token_is_replaced_once_and_an_expired_one_every_time_is_a_clear_error()
    {
        using var fixture = new RepositoryFixture();
        Publish(fixture, registries.Token.Address, "expiry", Settings(Writer));

        registries.Tokens.ExpiredTokens = 1;
        AssertPulled(fixture, registries.Token.Address, "expiry", Settings(Reader));
        Assert.Equal(0, registries.Tokens.ExpiredTokens);

        using var again = new RepositoryFixture();
        registries.Tokens.ExpiredTokens = 1000;
        try
        {
            var error = Refusal(again, registries.Token.Address, "expiry", Settings(Reader));
            Assert.IsType<UnauthorizedAccessException>(error);
            Assert.Contains("refused a fresh token for 'repository:expiry/three-ways:pull'", error.Message);
            Assert.Contains("clocks", error.Message);
        }
        finally
        {
            registries.Tokens.ExpiredTokens = 0;
        }
    }

    [Fact]
    public void A_reader_cannot_push_and_the_error_names_the_scope_and_wrong_passwords_name_the_token_service()
    {
        using var fixture = new RepositoryFixture();
        var denied = Record.Exception(() => Publish(fixture, registries.Token.Address, "denied", Settings(Reader)));
        Assert.IsType<UnauthorizedAccessException>(denied);
        // Publishing sends requests at once: whichever the registry refuses first is named, its actions in the registry's order (a cross-repository mount adds the source's scope).
        Assert.Matches("'repository:denied/three-ways:[a-z,]*push[^']*'", denied.Message);
        Assert.Contains($"'{SecureRegistries.Reader}'", denied.Message);
        AssertNoSecret(denied.ToString());

        Publish(fixture, registries.Token.Address, "denied", Settings(Writer));
        var wrong = Refusal(fixture, registries.Token.Address, "denied", Settings(new RegistryCredential(SecureRegistries.Writer, "wrong", "--creds")));
        Assert.Contains($"the token service {registries.Tokens.Realm}", wrong.Message);
        Assert.Contains($"refused the credentials of '{SecureRegistries.Writer}' from --creds", wrong.Message);

        var anonymous = Refusal(fixture, registries.Token.Address, "denied", Settings());
        Assert.Contains("requires a login", anonymous.Message);
    }

    [Fact]
    public void An_identity_token_from_an_auth_file_is_exchanged_for_access_tokens()
    {
        using var fixture = new RepositoryFixture();
        Publish(fixture, registries.Token.Address, "identity", Settings(Writer));
        registries.Tokens.IdentityTokens["refresh-for-reader"] = SecureRegistries.Reader;
        var path = fixture.Folder.File("config.json");
        File.WriteAllText(path, $$"""{"auths": {"{{registries.Token.Address}}": {"identitytoken": "refresh-for-reader"} } }""");
        AssertPulled(fixture, registries.Token.Address, "identity", Settings(authFile: path));

        File.WriteAllText(path, $$"""{"auths": {"{{registries.Token.Address}}": {"identitytoken": "revoked"} } }""");
        using var again = new RepositoryFixture();
        Assert.Contains($"refused the identity token from {path} (\"{registries.Token.Address}\") (expired or revoked)", Refusal(again, registries.Token.Address, "identity", Settings(authFile: path)).Message);
    }

    [Fact]
    public void Anonymous_tokens_are_used_where_the_token_service_gives_them()
    {
        using var fixture = new RepositoryFixture();
        Publish(fixture, registries.Token.Address, "public", Settings(Writer));
        registries.Tokens.AnonymousActions = ["pull"];
        try
        {
            AssertPulled(fixture, registries.Token.Address, "public", Settings());
        }
        finally
        {
            registries.Tokens.AnonymousActions = [];
        }
    }

    [Fact]
    public void Skopeo_reads_what_was_published_with_the_same_auth_file_and_CA()
    {
        using var fixture = new RepositoryFixture();
        var outcome = Publish(fixture, registries.Basic.Address, "skopeo", Settings(Writer));
        var authFile = AuthFile.Empty(fixture.Folder.File("auth.json"));
        authFile.Set(registries.Basic.Address, SecureRegistries.Reader, SecureRegistries.ReaderPassword);
        authFile.Save();
        var certs = Directory.CreateDirectory(fixture.Folder.File("certs")).FullName;
        File.Copy(registries.CaFile, Path.Combine(certs, "ca.crt"));

        var raw = ExternalTool.Ok("skopeo", "inspect", "--raw", "--authfile", authFile.Path, "--cert-dir", certs, $"docker://{registries.Basic.Address}/skopeo/three-ways:1.0");
        Assert.Equal(outcome.Digest, Format.Digest.Of(System.Text.Encoding.UTF8.GetBytes(raw)).ToString());
        Assert.Equal(OciMediaTypes.ImageIndex, System.Text.Json.JsonDocument.Parse(raw).RootElement.GetProperty("mediaType").GetString());

        var refused = ExternalTool.Run("skopeo", "inspect", "--raw", "--cert-dir", certs, "--authfile", fixture.Folder.File("none.json"), $"docker://{registries.Basic.Address}/skopeo/three-ways:1.0");
        Assert.NotEqual(0, refused.ExitCode);
    }
}
