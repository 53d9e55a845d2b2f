using System.Net;
using System.Net.Http.Headers;
using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Transport;

/// <summary>A repository over HTTP(S): GET with Range to read, PUT with a bearer token to publish (<c>repo serve --push-token</c>).</summary>
public sealed class HttpBackend : IRepositoryBackend
{
    private readonly HttpClient client;
    private readonly Uri baseUri;

    public static Sources.SourceKind Kind { get; } = new(
        "http(s)://HOST/PATH",
        location => location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
        (source, settings) => new Sources.IndexedSource(source.Name, new HttpBackend(source.Uri, settings.PushToken), settings));

    public HttpBackend(string url, string? pushToken = null, TimeSpan? stallTimeout = null)
    {
        Location = url;
        baseUri = new Uri(url.EndsWith('/') ? url : url + "/");
        client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15), AutomaticDecompression = DecompressionMethods.None, ConnectCallback = DownloadSockets.ConnectAsync })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        if (pushToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pushToken);
        }

        StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(30);
    }

    public string Location { get; }

    /// <summary>A response that delivers no byte for this long fails (the download can then be resumed).</summary>
    public TimeSpan StallTimeout { get; }

    public async Task<byte[]?> ReadIndexAsync(CancellationToken cancellation)
    {
        using var timeout = Deadline(cancellation);
        using var response = await Send(HttpMethod.Get, RepositoryLayout.IndexFile, null, timeout.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Ensure(response, RepositoryLayout.IndexFile);
        if (response.Content.Headers.ContentLength > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{Url(RepositoryLayout.IndexFile)} announces {response.Content.Headers.ContentLength} bytes; an index is at most {RepositoryJson.MaxDocumentBytes}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var buffer = new MemoryStream();
        await LimitedCopy.CopyAsync(body, buffer, RepositoryJson.MaxDocumentBytes, Url(RepositoryLayout.IndexFile), StallTimeout, cancellation);
        return buffer.ToArray();
    }

    public async Task WriteIndexAsync(byte[] content, CancellationToken cancellation)
    {
        using var response = await Send(HttpMethod.Put, RepositoryLayout.IndexFile, new ByteArrayContent(content), cancellation);
        Ensure(response, RepositoryLayout.IndexFile);
    }

    public async Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellation)
    {
        using var timeout = Deadline(cancellation);
        using var response = await Send(HttpMethod.Head, RepositoryLayout.BlobPath(digest), null, timeout.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        Ensure(response, RepositoryLayout.BlobPath(digest));
        return true;
    }

    public async Task WriteBlobAsync(Digest digest, string sourceFile, CancellationToken cancellation)
    {
        await using var file = File.OpenRead(sourceFile);
        using var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentLength = file.Length;
        using var response = await Send(HttpMethod.Put, RepositoryLayout.BlobPath(digest), content, cancellation);
        Ensure(response, RepositoryLayout.BlobPath(digest));
    }

    public async Task<Stream> OpenBlobAsync(Digest digest, long offset, long length, CancellationToken cancellation)
    {
        var path = RepositoryLayout.BlobPath(digest);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path));
        if (offset > 0 || length >= 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, length >= 0 ? offset + length - 1 : null);
        }

        using var timeout = Deadline(cancellation);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        try
        {
            Ensure(response, path);
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw new InvalidDataException($"{Url(path)}: the server ignored the Range request (status {(int)response.StatusCode}); it cannot resume downloads");
            }

            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellation));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent? content, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path)) { Content = content };
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException error)
        {
            throw new IOException($"{Url(path)}: {error.Message}", error);
        }
    }

    private void Ensure(HttpResponseMessage response, string path)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"{Url(path)} does not exist on the server");
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UnauthorizedAccessException($"{Url(path)}: the server refused ({(int)response.StatusCode}); publishing needs the server's push token (--push-token)");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"{Url(path)}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private CancellationTokenSource Deadline(CancellationToken cancellation)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        source.CancelAfter(StallTimeout);
        return source;
    }

    private string Url(string path) => new Uri(baseUri, path).ToString();

    /// <summary>Keeps the response alive as long as its body stream.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
