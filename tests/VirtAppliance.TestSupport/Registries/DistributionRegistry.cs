using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VirtAppliance.TestSupport.Registries;

/// <summary>Debian's docker-registry (Docker Distribution 2.8), installed by the README's setup, on a port it chose and logged.</summary>
public sealed partial class DistributionRegistry : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly Process process;

    /// <param name="extraConfiguration">YAML added to the configuration (the tls: block under http:, an auth: section)</param>
    /// <param name="tls">the server certificate and key files, for an HTTPS registry</param>
    public DistributionRegistry(string? auth = null, (string Certificate, string Key)? tls = null)
    {
        var tlsBlock = tls is { } pair ? $"\n  tls:\n    certificate: {pair.Certificate}\n    key: {pair.Key}" : "";
        File.WriteAllText(folder.File("config.yml"), $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {folder.File("data")}
            http:
              addr: 127.0.0.1:0{tlsBlock}
            {auth ?? ""}
            """);
        var info = new ProcessStartInfo("docker-registry", ["serve", folder.File("config.yml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException("docker-registry is not installed; run the README's test setup (scripts/test.sh) first", error);
        }

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (Log)
            {
                Log.Add(line);
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["address"].Value);
            }
        }

        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Assert.True(listening.Task.Wait(TimeSpan.FromSeconds(20)), $"docker-registry did not say where it listens within 20 s:\n{string.Join('\n', Log)}");
        Address = listening.Task.Result;
    }

    /// <summary>HOST:PORT.</summary>
    public string Address { get; }

    /// <summary>What the registry logged.</summary>
    public List<string> Log { get; } = [];

    public string Folder => folder.Path;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
        folder.Dispose();
    }

    [GeneratedRegex(@"listening on (?<address>127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
