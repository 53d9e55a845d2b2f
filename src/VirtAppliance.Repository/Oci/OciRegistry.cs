using System.Net;
using System.Net.Http.Headers;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Oci;

/// <summary>
/// The OCI distribution API for one repository: blobs (HEAD, ranged GET, chunked upload: POST, PATCH..., PUT) and
/// manifests (GET, PUT). As a backend it serves the blob operations the cache and publisher use.
/// </summary>
public sealed class OciRegistry : IRepositoryBackend
{
    /// <summary>Large blobs are uploaded in chunks of this size (PATCH with Content-Range).</summary>
    public const int ChunkSize = 16 << 20;

    private readonly HttpClient client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public OciRegistry(OciReference reference) => Reference = reference;

    public OciReference Reference { get; }

    public string Location => Reference.ToString();

    public Task<byte[]?> ReadIndexAsync(CancellationToken cancellation) => throw new NotSupportedException("an OCI registry has no index.json; use its tags");

    public Task WriteIndexAsync(byte[] content, CancellationToken cancellation) => throw new NotSupportedException("an OCI registry has no index.json; use its tags");

    public async Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, Url($"blobs/{digest}")), cancellation);
        return response.StatusCode != HttpStatusCode.NotFound && Ensure(response, $"blob {digest}") is not null;
    }

    public async Task WriteBlobAsync(Digest digest, string sourceFile, CancellationToken cancellation)
    {
        using var start = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Url("blobs/uploads/")), cancellation);
        Ensure(start, "starting an upload");
        var location = NextLocation(start);
        await using var file = File.OpenRead(sourceFile);
        var buffer = new byte[ChunkSize];
        long offset = 0;
        int read;
        while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation)) > 0)
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(buffer, 0, read) };
            patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            patch.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + read - 1}");
            using var response = await SendAsync(patch, cancellation);
            Ensure(response, $"uploading blob {digest} at byte {offset}");
            location = NextLocation(response);
            offset += read;
        }

        var separator = location.Query.Length > 0 ? "&" : "?";
        using var done = await SendAsync(new HttpRequestMessage(HttpMethod.Put, new Uri(location + $"{separator}digest={Uri.EscapeDataString(digest.ToString())}")), cancellation);
        Ensure(done, $"finishing the upload of blob {digest}");
    }

    public async Task<Stream> OpenBlobAsync(Digest digest, long offset, long length, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url($"blobs/{digest}"));
        if (offset > 0 || length >= 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, length >= 0 ? offset + length - 1 : null);
        }

        var response = await SendAsync(request, cancellation);
        try
        {
            Ensure(response, $"blob {digest}");
            if (offset > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw new InvalidDataException($"{Location}: the registry ignored a Range request for blob {digest}; it cannot resume");
            }

            return await response.Content.ReadAsStreamAsync(cancellation);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task PutManifestAsync(string reference, string mediaType, byte[] content, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Url($"manifests/{reference}")) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, cancellation);
        Ensure(response, $"manifest {reference}");
    }

    /// <summary>The manifest's bytes, or null when the registry has no such tag or digest.</summary>
    public async Task<byte[]?> GetManifestAsync(string reference, string mediaType, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url($"manifests/{reference}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        using var response = await SendAsync(request, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Ensure(response, $"manifest {reference}");
        if (response.Content.Headers.ContentLength > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{Location}: manifest {reference} is larger than {RepositoryJson.MaxDocumentBytes} bytes");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellation);
        if (Digest.TryParse(reference) is { } digest && Digest.Of(bytes) != digest)
        {
            throw new InvalidDataException($"{Location}: manifest {reference} arrived with digest {Digest.Of(bytes)}");
        }

        return bytes;
    }

    public void Dispose() => client.Dispose();

    private Uri Url(string path) => new(Reference.Registry, $"v2/{Reference.Repository}/{path}");

    private Uri NextLocation(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location : new Uri(Reference.Registry, location)
            : throw new InvalidDataException($"{Location}: the registry gave no upload location");

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            try
            {
                return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            }
            catch (HttpRequestException error)
            {
                throw new IOException($"{Location}: {error.Message}", error);
            }
        }
    }

    private HttpResponseMessage Ensure(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new FileNotFoundException($"{Location}: {what} does not exist"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new UnauthorizedAccessException($"{Location}: the registry refused {what} ({(int)response.StatusCode}); registry authentication is not supported yet"),
            _ => new IOException($"{Location}: {what}: the registry answered {(int)response.StatusCode} {response.ReasonPhrase}"),
        };
    }
}
