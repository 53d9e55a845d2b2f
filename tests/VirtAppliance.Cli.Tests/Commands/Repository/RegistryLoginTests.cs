using System.Text;
using System.Text.Json;
using VirtAppliance.TestSupport;
using VirtAppliance.TestSupport.Registries;

namespace VirtAppliance.Cli.Tests.Commands.Repository;

/// <summary>
/// registry login/logout and publish/pull through the command as users run it, against registries with TLS and
/// authentication; no credential ever shows in output, errors or --verbose.
/// </summary>
[Trait("Category", "Network")]
public sealed class RegistryLoginTests(SecureRegistries registries) : IClassFixture<SecureRegistries>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("basic")]
    [InlineData("token")]
    public void Login_then_publish_and_pull_with_the_saved_credentials_and_logout(string mode)
    {
        var address = mode == "basic" ? registries.Basic.Address : registries.Token.Address;
        using var folder = new TempDirectory();
        var runtime = Directory.CreateDirectory(folder.File("run")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["XDG_RUNTIME_DIR"] = runtime,
            ["HOME"] = folder.File("home"),
            ["XDG_CACHE_HOME"] = folder.File("cache"),
            ["XDG_CONFIG_HOME"] = folder.File("config"),
        };
        var outputs = new StringBuilder();
        ApplianceCommand.Result Run(string? input, params string[] arguments)
        {
            var result = ApplianceCommand.Run(folder.File("state"), environment, arguments, Limit, input: input);
            outputs.Append(result.Output).Append(result.Error);
            return result;
        }

        var wrong = Run("not-the-password\n", "registry", "login", address, "-u", SecureRegistries.Writer, "--password-stdin", "--ca-file", registries.CaFile);
        Assert.Equal(77, wrong.ExitCode);
        Assert.Contains($"refused the credentials of '{SecureRegistries.Writer}'", wrong.Error);
        var authFile = Path.Combine(runtime, "containers", "auth.json");
        Assert.False(File.Exists(authFile));

        Assert.Equal(77, Run($"{SecureRegistries.WriterPassword}\n", "registry", "login", address, "-u", SecureRegistries.Writer, "--password-stdin").ExitCode);
        var login = Run($"{SecureRegistries.WriterPassword}\n", "registry", "login", address, "-u", SecureRegistries.Writer, "--password-stdin", "--ca-file", registries.CaFile);
        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Contains(authFile, login.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authFile));
        var entry = JsonDocument.Parse(File.ReadAllText(authFile)).RootElement.GetProperty("auths").GetProperty(address).GetProperty("auth").GetString()!;
        Assert.Equal($"{SecureRegistries.Writer}:{SecureRegistries.WriterPassword}", Encoding.UTF8.GetString(Convert.FromBase64String(entry)));

        // skopeo reads the same file, as the referee.
        var certs = Directory.CreateDirectory(folder.File("certs")).FullName;
        File.Copy(registries.CaFile, Path.Combine(certs, "ca.crt"));

        File.WriteAllBytes(folder.File("disk.img"), Encoding.ASCII.GetBytes(new string('x', 1 << 20)));
        File.WriteAllText(folder.File("app.xml"), $"""
            <image><name version="2.0">login-{mode}</name><label>Behind a login</label>
              <domain><boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os><drive disk="disk.img" target="hda"/></boot></domain>
              <storage><disk file="disk.img"/></storage></image>
            """);
        var published = Run(null, "--verbose", "publish", folder.File("app.xml"), "--repo", $"oci://{address}/cli", "--ca-file", registries.CaFile, "--json");
        Assert.True(published.ExitCode == 0, published.Error);
        var digest = JsonDocument.Parse(published.Output).RootElement.GetProperty("manifest").GetString();
        var raw = ExternalTool.Ok("skopeo", "inspect", "--raw", "--authfile", authFile, "--cert-dir", certs, $"docker://{address}/cli/login-{mode}:2.0");
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(raw))));

        var host = Path.Combine(AppContext.BaseDirectory, "Hosts", "tcg-only-x86_64.xml");
        var pulled = Run(null, "--verbose", "pull", $"login-{mode}", "--repo", $"oci://{address}/cli", "--insecure", "--ca-file", registries.CaFile, "--capabilities", host, "-o", folder.File("out"));
        Assert.True(pulled.ExitCode == 0, pulled.Error);
        Assert.Equal(File.ReadAllBytes(folder.File("disk.img")), File.ReadAllBytes(folder.File("out/disk.img")));

        // Without the CA: refused, naming the certificate.
        var untrusted = Run(null, "pull", $"login-{mode}", "--repo", $"oci://{address}/cli", "--insecure", "--capabilities", host, "-o", folder.File("out2"));
        Assert.Equal(77, untrusted.ExitCode);
        Assert.Contains("issuer CN=virt-appliance test CA", untrusted.Error);
        Assert.False(Directory.Exists(folder.File("out2")));

        Assert.Equal(0, Run(null, "registry", "logout", address).ExitCode);
        Assert.Equal(66, Run(null, "registry", "logout", address).ExitCode);
        var anonymous = Run(null, "--verbose", "pull", $"login-{mode}", "--repo", $"oci://{address}/cli", "--insecure", "--ca-file", registries.CaFile, "--capabilities", host, "-o", folder.File("out3"));
        Assert.Equal(77, anonymous.ExitCode);
        Assert.Contains($"registry login {address}", anonymous.Error);
        Assert.Contains($"looked in: {authFile}, ", anonymous.Error);

        var withCreds = Run(null, "--verbose", "pull", $"login-{mode}", "--repo", $"oci://{address}/cli", "--insecure", "--ca-file", registries.CaFile, "--creds", $"{SecureRegistries.Writer}:wrong-{SecureRegistries.ReaderPassword}", "--capabilities", host, "-o", folder.File("out4"));
        Assert.Equal(77, withCreds.ExitCode);

        var everything = outputs.ToString();
        foreach (var secret in (string[])[SecureRegistries.WriterPassword, SecureRegistries.ReaderPassword, entry])
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
