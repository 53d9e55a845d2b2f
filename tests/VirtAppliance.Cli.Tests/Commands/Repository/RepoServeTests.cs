using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Repository;

/// <summary><c>repo serve</c> as a service manager runs it: it answers, and stops cleanly when sent SIGTERM.</summary>
public sealed class RepoServeTests
{
    [Fact]
    public async Task Serve_answers_and_stops_on_sigterm()
    {
        using var folder = new TempDirectory();
        var port = FreePort();
        var info = new ProcessStartInfo(ApplianceCommand.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "repo", "serve", folder.File("repo"), "--listen", $"127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(argument);
        }

        using var server = Process.Start(info)!;
        try
        {
            var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("serving ", line);
            using var http = new HttpClient();
            var missing = await http.GetAsync($"http://127.0.0.1:{port}/index.json");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.True(server.WaitForExit(TimeSpan.FromSeconds(10)), "repo serve was still running 10 s after SIGTERM");
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
