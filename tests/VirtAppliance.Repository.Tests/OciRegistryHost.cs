using System.Diagnostics;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Repository.Tests;

/// <summary>Debian's docker-registry (Docker Distribution 2.8), installed by the README's setup, on a free loopback port.</summary>
public sealed partial class OciRegistryHost : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly Process process;

    public OciRegistryHost()
    {
        // Port 0: the registry takes one the system chooses and logs it ("listening on 127.0.0.1:PORT").
        File.WriteAllText(folder.File("config.yml"), $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {folder.File("data")}
            http:
              addr: 127.0.0.1:0
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
            if (line is not null && ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["address"].Value);
            }
        }

        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Assert.True(listening.Task.Wait(TimeSpan.FromSeconds(20)), "docker-registry did not say where it listens within 20 s");
        Address = listening.Task.Result;
        using var client = new HttpClient();
        Assert.True(client.GetAsync($"http://{Address}/v2/").GetAwaiter().GetResult().IsSuccessStatusCode, $"docker-registry does not answer on http://{Address}/v2/");
    }

    /// <summary>HOST:PORT.</summary>
    public string Address { get; }

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

    [System.Text.RegularExpressions.GeneratedRegex(@"listening on (?<address>127\.0\.0\.1:\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningOn();
}
