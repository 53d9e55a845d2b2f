using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Repository.Tests;

/// <summary>Debian's docker-registry (Docker Distribution 2.8), installed by the README's setup, on a free loopback port.</summary>
public sealed class OciRegistryHost : IDisposable
{
    private readonly TempDirectory folder = new();
    private readonly Process process;

    public OciRegistryHost()
    {
        var port = FreePort();
        File.WriteAllText(folder.File("config.yml"), $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {folder.File("data")}
            http:
              addr: 127.0.0.1:{port}
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

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Address = $"127.0.0.1:{port}";
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                if (client.GetAsync($"http://{Address}/v2/").GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, "docker-registry did not answer on /v2/ within 20 s");
            Thread.Sleep(100);
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
