using System.CommandLine;
using VirtAppliance.Cli.Output;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Oci.Access;

namespace VirtAppliance.Cli.Commands.Registry;

/// <summary>
/// <c>registry login HOST [-u USER] [--password-stdin]</c> and <c>registry logout HOST</c>: entries in the containers auth
/// file (--authfile, $REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json), as podman login writes them.
/// </summary>
internal sealed class RegistryCommand(CommandOutput output)
{
    public static Command Build(CommandOutput output)
    {
        var loginHost = new Argument<string>("HOST") { Description = "The registry, HOST[:PORT]" };
        var username = new Option<string?>("--username", "-u") { Description = "The user name (asked for on a terminal when not given)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (its first line)" };
        var loginOptions = new Repositories.RegistryOptions();
        var login = new Command("login", "Check credentials with a registry and save them in the containers auth file") { loginHost, username, passwordStdin };
        login.Options.Add(loginOptions.AuthFile);
        login.Options.Add(loginOptions.CaFile);
        login.Options.Add(loginOptions.TlsVerify);
        CommandAction.Set(login, output, (result, cancellation) => new RegistryCommand(output).LoginAsync(
            result.GetRequiredValue(loginHost), result.GetValue(username), result.GetValue(passwordStdin), loginOptions.Read(result, output), cancellation));

        var logoutHost = new Argument<string>("HOST") { Description = "The registry, HOST[:PORT]" };
        var logoutOptions = new Repositories.RegistryOptions();
        var logout = new Command("logout", "Remove a registry's credentials from the containers auth file") { logoutHost };
        logout.Options.Add(logoutOptions.AuthFile);
        CommandAction.Set(logout, output, (result, _) => Task.FromResult(new RegistryCommand(output).Logout(result.GetRequiredValue(logoutHost), logoutOptions.Read(result, output))));
        return new Command("registry", "Credentials for OCI registries") { login, logout };
    }

    public async Task<int> LoginAsync(string host, string? username, bool passwordStdin, RegistrySettings settings, CancellationToken cancellation)
    {
        var registry = HostOf(host);
        var user = username ?? Ask("Username: ", secret: false);
        var password = passwordStdin ? System.Console.In.ReadLine() : Ask("Password: ", secret: true);
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("a user name and a password are needed: pass --username and --password-stdin, or run on a terminal");
        }

        var file = CredentialLookup.LoginFile(settings);
        using (var connection = new RegistryConnection(new OciReference(registry, "", null), settings with { Credentials = new RegistryCredential(user, password, "the login") }))
        {
            await connection.CheckLoginAsync(cancellation);
        }

        var authFile = AuthFile.Load(file) ?? AuthFile.Empty(file);
        authFile.Set(registry, user, password);
        authFile.Save();
        output.WriteLine($"Login Succeeded: credentials for {registry} saved in {file}");
        return ExitCodes.Success;
    }

    public int Logout(string host, RegistrySettings settings)
    {
        var registry = HostOf(host);
        var file = CredentialLookup.LoginFile(settings);
        if (AuthFile.Load(file) is not { } authFile || !authFile.Remove(registry))
        {
            output.WriteError($"not logged in to {registry}: {file} has no entry for it");
            return ExitCodes.NoInput;
        }

        authFile.Save();
        output.WriteLine($"Removed login credentials for {registry} from {file}");
        return ExitCodes.Success;
    }

    /// <summary>HOST[:PORT] checked as an oci:// reference's host (a URL's scheme and path are dropped, as podman does).</summary>
    private static string HostOf(string text) => OciReference.Parse($"oci://{RegistryKey.Normalize(text).Split('/')[0]}/login").Host;

    private string Ask(string prompt, bool secret)
    {
        if (System.Console.IsInputRedirected || !output.IsTerminal)
        {
            throw new ArgumentException($"no terminal to ask on: pass {(secret ? "--password-stdin" : "--username")}");
        }

        output.Error.Write(prompt);
        if (!secret)
        {
            return System.Console.ReadLine() ?? "";
        }

        var text = new System.Text.StringBuilder();
        for (var key = System.Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = System.Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        output.Error.WriteLine();
        return text.ToString();
    }
}
