using System.Diagnostics;
using System.Text.Json;

namespace VirtAppliance.Repository.Oci.Access;

/// <summary>
/// docker's credential helper protocol: `docker-credential-NAME get` reads the registry on stdin and prints
/// {"ServerURL", "Username", "Secret"}; "credentials not found" on stdout with a failure exit means none.
/// </summary>
public static class CredentialHelper
{
    private const int MaxOutputBytes = 64 << 10;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The helper's credentials for HOST, or null when it has none.</summary>
    public static RegistryCredential? Get(string name, string host, Func<string, string?> environment)
    {
        var program = Find($"docker-credential-{name}", environment)
            ?? throw new FileNotFoundException($"the credential helper docker-credential-{name} is configured for {host} but is not on PATH (install it or remove it from the auth file)");
        var info = new ProcessStartInfo(program, ["get"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        process.StandardInput.Write(host);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the credential helper {program} did not answer for {host} within {Limit.TotalSeconds:0} s");
        }

        var text = output.GetAwaiter().GetResult();
        _ = error.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            // Its output is its error message, which never holds a secret ("credentials not found in native keychain").
            return text.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new IOException($"the credential helper {program} failed for {host} (exit {process.ExitCode}): {Shorten(text)}");
        }

        return Parse(System.Text.Encoding.UTF8.GetBytes(text), program, host);
    }

    /// <summary>The helper's answer; its content is never part of an error message.</summary>
    public static RegistryCredential Parse(ReadOnlySpan<byte> answer, string program, string host)
    {
        if (answer.Length > MaxOutputBytes)
        {
            throw new InvalidDataException($"the credential helper {program} gave {answer.Length} bytes for {host}; at most {MaxOutputBytes} are read");
        }

        try
        {
            using var document = JsonDocument.Parse(answer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("Username", out var user) && user.ValueKind == JsonValueKind.String
                && root.TryGetProperty("Secret", out var secret) && secret.ValueKind == JsonValueKind.String)
            {
                return new RegistryCredential(user.GetString()!, secret.GetString()!, $"the credential helper {program}");
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
        }

        throw new InvalidDataException($"the credential helper {program} did not answer for {host} with {{\"Username\", \"Secret\"}}");
    }

    private static string? Find(string program, Func<string, string?> environment) =>
        (environment("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static string Shorten(string text)
    {
        var line = text.Trim().Split('\n')[0];
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
