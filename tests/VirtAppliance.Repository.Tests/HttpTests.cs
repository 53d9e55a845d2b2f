using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Server;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Tests;

/// <summary>The Kestrel server and the HTTP client, over real loopback HTTP.</summary>
[Trait("Category", "Fast")]
public sealed class HttpTests
{
    private static async Task<(WebApplication App, string Url)> Serve(string folder, string? token)
    {
        var app = RepositoryServer.Build(folder, new IPEndPoint(IPAddress.Loopback, 0), token);
        await app.StartAsync();
        return (app, app.Urls.First() + "/");
    }

    [Fact]
    public async Task Publish_with_the_push_token_and_pull_over_http()
    {
        using var fixture = new RepositoryFixture();
        var (app, url) = await Serve(fixture.Repo, "s3cret");
        await using (app)
        {
            using (var backend = new HttpBackend(url, "s3cret"))
            {
                Assert.Equal(4, fixture.Publish(backend).BlobsUploaded);
            }

            var result = fixture.Pull(fixture.Open(new HttpBackend(url)));
            Assert.Equal("boot2", result.VariantId);
            Assert.Equal(result.VariantBytes, result.DownloadedBytes);
        }
    }

    [Fact]
    public async Task Publishing_needs_the_token_and_a_read_only_server_refuses_it()
    {
        using var fixture = new RepositoryFixture();
        var (app, url) = await Serve(fixture.Repo, "s3cret");
        await using (app)
        {
            using var wrong = new HttpBackend(url, "guess");
            Assert.Throws<UnauthorizedAccessException>(() => fixture.Publish(wrong));
        }

        var (readOnly, readOnlyUrl) = await Serve(fixture.Repo, null);
        await using (readOnly)
        {
            using var client = new HttpClient();
            var response = await client.PutAsync(readOnlyUrl + "index.json", new ByteArrayContent([1]));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }

        Assert.False(File.Exists(Path.Combine(fixture.Repo, "index.json")));
    }

    [Fact]
    public async Task Blobs_are_served_with_ranges_etags_and_conditional_requests_and_nothing_else_is_served()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var blob = Directory.GetFiles(Path.Combine(fixture.Repo, "blobs", "sha256")).First();
        var path = "blobs/sha256/" + Path.GetFileName(blob);
        File.WriteAllText(Path.Combine(fixture.Folder.Path, "secret.txt"), "secret");
        var (app, url) = await Serve(fixture.Repo, null);
        await using (app)
        {
            using var client = new HttpClient();
            using var ranged = new HttpRequestMessage(HttpMethod.Get, url + path);
            ranged.Headers.Range = new RangeHeaderValue(10, 19);
            var partial = await client.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(File.ReadAllBytes(blob)[10..20], await partial.Content.ReadAsByteArrayAsync());

            var whole = await client.GetAsync(url + path);
            var etag = whole.Headers.ETag!;
            Assert.Equal($"\"{Path.GetFileName(blob)}\"", etag.Tag);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url + path);
            conditional.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

            foreach (var hostile in new[] { "../secret.txt", "%2e%2e/secret.txt", "blobs/sha256/..%2f..%2f..%2fsecret.txt", "blobs/sha256/xyz", "plan.json" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url + hostile)).StatusCode);
            }
        }
    }

    [Fact]
    public async Task A_blob_larger_than_the_servers_read_chunk_comes_whole_and_in_ranges_across_chunks()
    {
        using var fixture = new RepositoryFixture();
        fixture.Publish();
        var blob = Directory.GetFiles(Path.Combine(fixture.Repo, "blobs", "sha256")).MaxBy(f => new FileInfo(f).Length)!;
        var bytes = File.ReadAllBytes(blob);
        Assert.True(bytes.Length > 4 * DirectFileBody.ChunkSize, $"the largest blob has {bytes.Length} bytes");
        var (app, url) = await Serve(fixture.Repo, null);
        await using (app)
        {
            using var client = new HttpClient();
            Assert.Equal(bytes, await client.GetByteArrayAsync(url + "blobs/sha256/" + Path.GetFileName(blob)));
            var (from, to) = (DirectFileBody.ChunkSize - 7, (3 * DirectFileBody.ChunkSize) + 11);
            using var ranged = new HttpRequestMessage(HttpMethod.Get, url + "blobs/sha256/" + Path.GetFileName(blob));
            ranged.Headers.Range = new RangeHeaderValue(from, to);
            var partial = await client.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(bytes[from..(to + 1)], await partial.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task An_upload_whose_bytes_do_not_match_its_digest_is_rejected()
    {
        using var fixture = new RepositoryFixture();
        var (app, url) = await Serve(fixture.Repo, "t");
        await using (app)
        {
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t");
            var response = await client.PutAsync(url + "blobs/sha256/" + new string('0', 64), new ByteArrayContent([1, 2, 3]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Empty(Directory.GetFiles(Path.Combine(fixture.Repo, "blobs", "sha256")));
        }
    }

    [Fact]
    public async Task A_server_that_stalls_times_out_with_a_clear_message()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[4096];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this much"));
            await Task.Delay(TimeSpan.FromSeconds(5));
        });
        using var backend = new HttpBackend($"http://127.0.0.1:{port}/", stallTimeout: TimeSpan.FromSeconds(1));
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<TimeoutException>(() => backend.ReadIndexAsync(CancellationToken.None));
        Assert.Contains("stalled", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4));
        await server;
    }
}
