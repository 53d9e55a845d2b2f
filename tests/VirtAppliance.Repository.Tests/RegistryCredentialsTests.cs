using System.Text;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Oci.Access;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Repository.Tests;

/// <summary>The pure parts of registry access: challenges, auth files, the lookup order, credential helpers, tokens.</summary>
[Trait("Category", "Fast")]
public sealed class RegistryCredentialsTests
{
    [Fact]
    public void Bearer_challenges_keep_quoted_commas_and_escapes_and_malformed_ones_are_not_challenges()
    {
        var bearer = AuthChallenge.Parse("Bearer", "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\"")!;
        Assert.True(bearer.IsBearer);
        Assert.Equal("https://auth.example/token", bearer.Realm);
        Assert.Equal("registry.example", bearer.Service);
        Assert.Equal("repository:a/b:pull,push", bearer.Scope);
        Assert.Equal("insufficient_scope", bearer.Error);
        Assert.Equal("a\"b", AuthChallenge.Parse("Basic", "realm=\"a\\\"b\"")!.Realm);
        Assert.Equal("x", AuthChallenge.Parse("Basic", "realm=x")!.Realm);
        Assert.Null(AuthChallenge.Parse("Bearer", "realm=\"unterminated"));
        Assert.Null(AuthChallenge.Parse("Basic", "dXNlcjpwYXNz"));
        Assert.Null(AuthChallenge.Parse("Bad Scheme", "realm=x"));
        Assert.Null(AuthChallenge.Parse("Bearer", new string('a', AuthChallenge.MaxLength + 1)));
    }

    [Fact]
    public void Challenge_parsing_is_linear_in_the_header()
    {
        LinearTime.Assert(700, n =>
        {
            var header = string.Concat(Enumerable.Repeat("a=\"\\,\",", n / 7));
            for (var i = 0; i < 200; i++)
            {
                Assert.NotNull(AuthChallenge.Parse("Bearer", header));
            }
        });
    }

    [Fact]
    public void Auth_file_keys_match_by_host_or_repository_path_in_any_form_docker_writes_them()
    {
        Assert.Equal("registry.example:5000", RegistryKey.Normalize("https://Registry.Example:5000/v2/"));
        Assert.Equal("index.docker.io", RegistryKey.Normalize("https://index.docker.io/v1/"));
        Assert.Equal(["h/a/b", "h/a", "h"], RegistryKey.Candidates("h", "a/b"));
        var file = AuthFile.Parse(Encoding.UTF8.GetBytes($$"""
            {"auths": {
              "https://h:5000/v1/": {"auth": "{{B64("host:wide")}}"},
              "h:5000/team": {"auth": "{{B64("team:pass:with:colons")}}"},
              "other": {"identitytoken": "refresh-me"}
            }, "credHelpers": {"helped:1": "pass"}, "credsStore": "secretservice"}
            """), "auth.json");
        Assert.Equal(("team", "pass:with:colons"), Pair(file.Find("h:5000", "team/app")));
        Assert.Equal(("host", "wide"), Pair(file.Find("h:5000", "elsewhere/app")));
        Assert.True(file.Find("other", "x")!.IsIdentityToken);
        Assert.Null(file.Find("unknown", "x"));
        Assert.Equal("pass", file.HelperFor("helped:1"));
        Assert.Equal("secretservice", file.CredsStore);
        Assert.Throws<InvalidDataException>(() => AuthFile.Parse("{\"auths\": {\"h\": {\"auth\": \"***\"}}}"u8, "bad.json").Find("h", "x"));
        Assert.Throws<InvalidDataException>(() => AuthFile.Parse("[1]"u8, "array.json"));
        Assert.Throws<InvalidDataException>(() => AuthFile.Parse(Encoding.UTF8.GetBytes(new string('[', 100)), "deep.json"));
    }

    [Fact]
    public void Login_entries_replace_the_hosts_old_ones_keep_everything_else_and_are_private()
    {
        using var folder = new TempDirectory();
        var path = folder.File("auth.json");
        File.WriteAllText(path, $$$"""{"auths": {"https://h:5000": {"auth": "{{{B64("old:old")}}}"}, "k": {"auth": "{{{B64("k:k")}}}"}}, "credHelpers": {"x": "y"}}""");
        var file = AuthFile.Load(path)!;
        file.Set("h:5000", "new", "secret");
        file.Save();
        var reloaded = AuthFile.Load(path)!;
        Assert.Equal(("new", "secret"), Pair(reloaded.Find("h:5000", "r")));
        Assert.Equal(("k", "k"), Pair(reloaded.Find("k", "r")));
        Assert.Equal("y", reloaded.HelperFor("x"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(reloaded.Remove("h:5000"));
        Assert.False(reloaded.Remove("h:5000"));
        reloaded.Save();
        Assert.Null(AuthFile.Load(path)!.Find("h:5000", "r"));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Credentials_are_looked_for_in_skopeos_order_and_every_place_is_named_when_none_are_found()
    {
        using var folder = new TempDirectory();
        var home = folder.File("home");
        var run = folder.File("run");
        string Write(string path, string user)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $$$$"""{"auths": {"h": {"auth": "{{{{B64(user + ":p")}}}}"} } }""");
            return path;
        }

        var docker = Write(Path.Combine(home, ".docker", "config.json"), "docker");
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_RUNTIME_DIR"] = run };
        var settings = new RegistrySettings { Environment = name => environment.GetValueOrDefault(name) };
        Assert.Equal("docker", CredentialLookup.Find("h", "r", settings).Found!.Username);
        Write(Path.Combine(home, ".config", "containers", "auth.json"), "config");
        Assert.Equal("config", CredentialLookup.Find("h", "r", settings).Found!.Username);
        Write(Path.Combine(run, "containers", "auth.json"), "runtime");
        Assert.Equal("runtime", CredentialLookup.Find("h", "r", settings).Found!.Username);
        environment["REGISTRY_AUTH_FILE"] = Write(folder.File("env.json"), "variable");
        Assert.Equal("variable", CredentialLookup.Find("h", "r", settings).Found!.Username);
        Assert.Equal("option", CredentialLookup.Find("h", "r", settings with { AuthFile = Write(folder.File("option.json"), "option") }).Found!.Username);
        Assert.Equal("given", CredentialLookup.Find("h", "r", settings with { Credentials = new RegistryCredential("given", "p", "--creds") }).Found!.Username);
        Assert.Equal(folder.File("env.json"), CredentialLookup.LoginFile(settings));

        var none = CredentialLookup.Find("elsewhere", "r", settings);
        Assert.Null(none.Found);
        Assert.Equal([folder.File("env.json"), Path.Combine(run, "containers", "auth.json"), Path.Combine(home, ".config", "containers", "auth.json"), docker], none.Searched);
    }

    [Fact]
    public void Credential_helpers_are_asked_through_dockers_protocol()
    {
        using var folder = new TempDirectory();
        var helper = folder.File("docker-credential-test");
        File.WriteAllText(helper, """
            #!/bin/sh
            read -r server
            [ "$1" = get ] || exit 2
            case "$server" in
              known:5000) printf '{"ServerURL":"%s","Username":"helped","Secret":"from-helper"}' "$server" ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """);
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(folder.File("config.json"), """{"auths": {}, "credsStore": "test"}""");
        var settings = new RegistrySettings { AuthFile = folder.File("config.json"), Environment = name => name == "PATH" ? folder.Path : null };
        var found = CredentialLookup.Find("known:5000", "r", settings).Found!;
        Assert.Equal(("helped", "from-helper"), (found.Username, found.Secret));
        Assert.Contains("docker-credential-test", found.Origin);
        Assert.Null(CredentialLookup.Find("unknown:1", "r", settings).Found);
        Assert.DoesNotContain("from-helper", found.ToString());
        Assert.Contains("not on PATH", Assert.Throws<FileNotFoundException>(() => CredentialLookup.Find("known:5000", "r", settings with { Environment = _ => "/nowhere" })).Message);
    }

    [Fact]
    public void Tokens_are_reused_until_their_lifetime_ends_and_odd_answers_are_refused()
    {
        var now = DateTimeOffset.UnixEpoch;
        var token = BearerToken.Parse("""{"token": "t", "expires_in": 300}"""u8, now, "realm");
        Assert.True(token.IsUsable(now.AddSeconds(290)));
        Assert.False(token.IsUsable(now.AddSeconds(296)));
        Assert.Equal(now + BearerToken.DefaultLifetime, BearerToken.Parse("""{"access_token": "t"}"""u8, now, "realm").Expires);
        Assert.Throws<InvalidDataException>(() => BearerToken.Parse("""{"expires_in": 5}"""u8, now, "realm"));
        Assert.Throws<InvalidDataException>(() => BearerToken.Parse("not json"u8, now, "realm"));
        Assert.DoesNotContain("\"t\"", token.ToString());
    }

    [Fact]
    public void References_keep_the_host_and_say_which_hosts_are_loopback()
    {
        Assert.Equal("registry.example:5000", OciReference.Parse("oci://Registry.Example:5000/team/app:1").Host);
        Assert.True(OciReference.Parse("oci://127.0.0.2:5000/a").IsLoopback);
        Assert.True(OciReference.Parse("oci://localhost/a").IsLoopback);
        Assert.True(OciReference.Parse("oci://[::1]:5000/a").IsLoopback);
        Assert.False(OciReference.Parse("oci://ghcr.io/a").IsLoopback);
        Assert.Throws<ArgumentException>(() => OciReference.Parse("oci://host:port/a"));
        Assert.DoesNotContain("p4ss", new RegistryCredential("u", "p4ss", "x").ToString());
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static (string, string) Pair(RegistryCredential? credential) => (credential!.Username, credential.Secret);
}
