using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.Commands.Repository;

/// <summary><c>repo serve</c> as a service manager runs it: on the port the system chose (printed), stopped by SIGTERM.</summary>
[Trait("Category", "Tools")]
public sealed partial class RepoServeTests
{
    [Fact]
    public async Task Serve_answers_on_the_port_it_prints_and_stops_on_sigterm()
    {
        using var folder = new TempDirectory();
        // Started in a folder with folders below it, as from a home folder: the server must not watch them.
        Directory.CreateDirectory(Path.Combine(folder.File("work"), "a", "b", "c"));
        using var server = Start(folder.File("work"), "repo", "serve", folder.File("repo"), "--listen", "127.0.0.1:0", "--push-token", "t");
        try
        {
            var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var match = ServingLine().Match(line ?? "");
            Assert.True(match.Success, $"unexpected first line: {line}");
            var port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotEqual(0, port);
            using var http = new HttpClient();
            var missing = await http.GetAsync($"http://127.0.0.1:{port}/index.json");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(0, InotifyWatches(server.Id));

            using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
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

    [Fact]
    public void A_folder_that_is_not_a_repository_is_refused_and_nothing_is_created_in_it()
    {
        using var folder = new TempDirectory();
        var missing = ApplianceCommand.Run(folder.File("state"), null, ["repo", "serve", folder.File("typo"), "--listen", "127.0.0.1:0"], TimeSpan.FromSeconds(30));
        Assert.Equal(66, missing.ExitCode);
        Assert.Contains("is not a repository", missing.Error);
        Assert.False(Directory.Exists(folder.File("typo")));

        Directory.CreateDirectory(folder.File("photos"));
        File.WriteAllText(Path.Combine(folder.File("photos"), "cat.jpg"), "not a repository");
        var other = ApplianceCommand.Run(folder.File("state"), null, ["repo", "serve", folder.File("photos"), "--listen", "127.0.0.1:0", "--push-token", "t"], TimeSpan.FromSeconds(30));
        Assert.Equal(74, other.ExitCode);
        Assert.Contains("not empty", other.Error);
        Assert.False(Directory.Exists(Path.Combine(folder.File("photos"), "blobs")));
    }

    /// <summary>The inotify watches a process holds, from its /proc fdinfo.</summary>
    private static int InotifyWatches(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
            .Where(fd => fd.LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{pid}/fdinfo/{fd.Name}").Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));

    private static Process Start(string workingFolder, params string[] arguments)
    {
        var info = new ProcessStartInfo(ApplianceCommand.Executable)
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info)!;
    }

    [GeneratedRegex(@"^serving .* on http://127\.0\.0\.1:(?<port>\d+)/ ")]
    private static partial Regex ServingLine();
}
