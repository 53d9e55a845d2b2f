using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Cli.Tests.RoughEdges;

/// <summary>
/// A pull ended by SIGTERM keeps what arrived, and the next pull asks only for the rest. The server (Kestrel, in the
/// test) sends the first 9 MiB of the large blob and then holds the connection, so the signal always comes mid-blob.
/// </summary>
[Trait("Category", "Fast")]
public sealed class PullInterruptionTests : IDisposable
{
    private const int HeldAfter = 9 << 20;

    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_interrupted_pull_keeps_what_arrived_and_the_next_one_asks_only_for_the_rest()
    {
        var disk = DiskLikeData(32 << 20);
        File.WriteAllBytes(folder.File("disk.img"), disk);
        File.WriteAllText(folder.File("app.xml"), """
            <image><name version="1">held</name>
              <domain><boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os><drive disk="disk.img" target="hda"/></boot></domain>
              <storage><disk file="disk.img"/></storage></image>
            """);
        var repo = folder.File("repo");
        Ok("key", "generate", folder.File("key"));
        Ok("publish", folder.File("app.xml"), "--repo", repo, "--key", folder.File("key"));

        var ranges = new ConcurrentQueue<string>();
        var release = new TaskCompletionSource();
        await using var server = Serve(repo, ranges, release.Task);
        await server.StartAsync();
        var url = server.Urls.Single() + "/";
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = folder.File("cache"), ["XDG_CONFIG_HOME"] = folder.File("config") };
        string[] pull = ["pull", "held", "--repo", url, "--key", folder.File("key.pub"), "--capabilities", Path.Combine(AppContext.BaseDirectory, "Hosts", "tcg-only-x86_64.xml"), "-o", folder.File("out")];
        var downloads = Path.Combine(folder.File("cache"), "virt-appliance", "downloads");

        using (var command = RunningCommand.Start(folder.File("state"), pull, environment: environment))
        {
            var journal = WaitForJournal(downloads);
            command.Signal(RunningCommand.SigTerm);
            var result = command.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.Equal(143, result.ExitCode);
            Assert.Contains("interrupted", result.Error, StringComparison.Ordinal);
            Assert.Empty(CachedDisks());
            Assert.Equal([".content", ".resume"], Directory.GetFiles(downloads).Select(Path.GetExtension).Order(StringComparer.Ordinal));
            Assert.True(ReadTransport(journal) > 0);
        }

        release.SetResult();
        var resumedFrom = ReadTransport(Directory.GetFiles(downloads, "*.resume").Single());
        var again = ApplianceCommand.Run(folder.File("state"), environment, pull, TimeSpan.FromSeconds(60));
        Assert.True(again.ExitCode == 0, $"pull exited {again.ExitCode}:\n{again.Error}");
        Assert.Contains(ranges, range => range.StartsWith($"bytes={resumedFrom}-", StringComparison.Ordinal));
        Assert.Equal(disk, File.ReadAllBytes(folder.File("out/disk.img")));
        Assert.Empty(Directory.GetFiles(downloads));
    }

    private string[] CachedDisks()
    {
        var blobs = Path.Combine(folder.File("cache"), "virt-appliance", "blobs");
        return Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories) : [];
    }

    private void Ok(params string[] arguments)
    {
        var result = ApplianceCommand.Run(folder.File("state"), null, arguments, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"virt-appliance {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}");
    }

    /// <summary>Each 4 KiB block half seeded random bytes, half zeros: it travels zstd-compressed, in several frames.</summary>
    private static byte[] DiskLikeData(int size)
    {
        var random = new Random(25);
        var data = new byte[size];
        for (var block = 0; block < size; block += 4096)
        {
            random.NextBytes(data.AsSpan(block, 2048));
        }

        return data;
    }

    /// <summary>The repository folder over HTTP; a large blob asked for from its start gets its first bytes, then nothing until released.</summary>
    private static WebApplication Serve(string repo, ConcurrentQueue<string> ranges, Task released)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            var file = Path.Combine(repo, context.Request.Path.Value!.TrimStart('/'));
            if (!File.Exists(file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var range = context.Request.Headers.Range.ToString();
            ranges.Enqueue(range);
            if (new FileInfo(file).Length > HeldAfter && range.StartsWith("bytes=0-", StringComparison.Ordinal) && !released.IsCompleted)
            {
                var bytes = File.ReadAllBytes(file);
                context.Response.StatusCode = StatusCodes.Status206PartialContent;
                context.Response.ContentLength = bytes.Length;
                context.Response.Headers.ContentRange = $"bytes 0-{bytes.Length - 1}/{bytes.Length}";
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, HeldAfter));
                await context.Response.Body.FlushAsync();
                await Task.WhenAny(released, Task.Delay(Timeout.Infinite, context.RequestAborted));
                context.Abort();
                return;
            }

            await Results.File(file, "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(context);
        });
        return app;
    }

    private static string WaitForJournal(string downloads)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var journal = Directory.Exists(downloads) ? Directory.GetFiles(downloads, "*.resume").FirstOrDefault() : null;
            if (journal is not null)
            {
                return journal;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no resume journal appeared in {downloads} within 30 s");
            Thread.Sleep(20);
        }
    }

    private static long ReadTransport(string journal) =>
        JsonDocument.Parse(File.ReadAllBytes(journal)).RootElement.GetProperty("transport").GetInt64();
}
