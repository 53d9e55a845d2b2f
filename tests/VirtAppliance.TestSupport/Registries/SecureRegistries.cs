namespace VirtAppliance.TestSupport.Registries;

/// <summary>
/// Two registries as teams run them, both HTTPS with a certificate from a test CA: one with htpasswd Basic
/// authentication, one in token mode with <see cref="TokenIssuer"/> as its token service. Users: alice (pull, push),
/// reader (pull).
/// </summary>
public sealed class SecureRegistries : IDisposable
{
    public const string Writer = "alice";
    public const string WriterPassword = "Alice-s3cret-7f1c9";
    public const string Reader = "reader";
    public const string ReaderPassword = "Reader-s3cret-22b8";

    private readonly TempDirectory folder = new();

    public SecureRegistries()
    {
        Authority = new TestAuthority("virt-appliance test CA");
        CaFile = folder.File("ca.crt");
        File.WriteAllText(CaFile, Authority.CertificatePem);
        var server = TestAuthority.WritePem(Authority.IssueServer(), folder.Path, "server");
        File.WriteAllText(folder.File("htpasswd"), Htpasswd(Writer, WriterPassword) + Htpasswd(Reader, ReaderPassword));
        Basic = new DistributionRegistry(
            $"""
            auth:
              htpasswd:
                realm: virt-appliance-test
                path: {folder.File("htpasswd")}
            """,
            server);
        Tokens = new TokenIssuer(Authority);
        Tokens.Users[Writer] = (WriterPassword, ["pull", "push"]);
        Tokens.Users[Reader] = (ReaderPassword, ["pull"]);
        Token = new DistributionRegistry(Tokens.RegistryAuthConfiguration(CaFile), server);
    }

    public TestAuthority Authority { get; }

    /// <summary>The test CA's certificate (PEM).</summary>
    public string CaFile { get; }

    /// <summary>HTTPS with htpasswd Basic authentication.</summary>
    public DistributionRegistry Basic { get; }

    /// <summary>HTTPS in token mode; its tokens come from <see cref="Tokens"/>.</summary>
    public DistributionRegistry Token { get; }

    public TokenIssuer Tokens { get; }

    public void Dispose()
    {
        Token.Dispose();
        Tokens.Dispose();
        Basic.Dispose();
        Authority.Dispose();
        folder.Dispose();
    }

    /// <summary>A bcrypt htpasswd line (docker-registry accepts bcrypt only), made by apache2-utils' htpasswd.</summary>
    private static string Htpasswd(string user, string password) => ExternalTool.Ok("htpasswd", "-Bbn", user, password).Trim() + "\n";
}
