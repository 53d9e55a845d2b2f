using System.Net;
using System.Net.Http.Headers;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Oci.Access;
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

    private readonly RegistryConnection connection;
    private readonly string pull;
    private readonly string push;

    public OciRegistry(OciReference reference, RegistrySettings? settings = null)
    {
        Reference = reference;
        connection = new RegistryConnection(reference, settings ?? RegistrySettings.Default);
        pull = $"repository:{reference.Repository}:pull";
        push = $"repository:{reference.Repository}:pull,push";
    }

    public OciReference Reference { get; }

    /// <summary>The connection: its scheme once decided, the tokens fetched.</summary>
    public RegistryConnection Connection => connection;

    public string Location => Reference.ToString();

    public Task<byte[]?> ReadIndexAsync(CancellationToken cancellation) => throw new NotSupportedException("an OCI registry has no index.json; use its tags");

    public Task WriteIndexAsync(byte[] content, CancellationToken cancellation) => throw new NotSupportedException("an OCI registry has no index.json; use its tags");

    public async Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, Url($"blobs/{digest}")), pull, cancellation);
        return response.StatusCode != HttpStatusCode.NotFound && Ensure(response, $"blob {digest}") is not null;
    }

    public async Task WriteBlobAsync(Digest digest, string sourceFile, CancellationToken cancellation)
    {
        using var start = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Url("blobs/uploads/")), push, cancellation);
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
            using var response = await SendAsync(patch, push, cancellation);
            Ensure(response, $"uploading blob {digest} at byte {offset}");
            location = NextLocation(response);
            offset += read;
        }

        var separator = location.OriginalString.Contains('?') ? "&" : "?";
        var finish = new Uri(location.OriginalString + $"{separator}digest={Uri.EscapeDataString(digest.ToString())}", UriKind.RelativeOrAbsolute);
        using var done = await SendAsync(new HttpRequestMessage(HttpMethod.Put, finish), push, cancellation);
        Ensure(done, $"finishing the upload of blob {digest}");
    }

    public async Task<Stream> OpenBlobAsync(Digest digest, long offset, long length, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url($"blobs/{digest}"));
        if (offset > 0 || length >= 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, length >= 0 ? offset + length - 1 : null);
        }

        var response = await SendAsync(request, pull, cancellation);
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
        using var response = await SendAsync(request, push, cancellation);
        Ensure(response, $"manifest {reference}");
    }

    /// <summary>The manifest's bytes, or null when the registry has no such tag or digest.</summary>
    public async Task<byte[]?> GetManifestAsync(string reference, string mediaType, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url($"manifests/{reference}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        using var response = await SendAsync(request, pull, cancellation);
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

    /// <summary>The repository's tags (GET tags/list); empty when the repository does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellation)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("tags/list")), pull, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        Ensure(response, "the tag list");
        var list = await ReadDocumentAsync(response, OciJsonContext.Default.OciTagList, "the tag list", cancellation);
        return list.Tags ?? [];
    }

    /// <summary>Every repository of the registry (GET /v2/_catalog, page by page) whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(string prefix, CancellationToken cancellation)
    {
        const int pageSize = 1000;
        var names = new List<string>();
        Uri? next = new($"v2/_catalog?n={pageSize}", UriKind.Relative);
        while (next is not null)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, next), "registry:catalog:*", cancellation);
            Ensure(response, "the catalog");
            var page = await ReadDocumentAsync(response, OciJsonContext.Default.OciCatalogPage, "the catalog", cancellation);
            names.AddRange((page.Repositories ?? []).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
            next = NextPage(response);
        }

        return names;
    }

    public void Dispose() => connection.Dispose();

    /// <summary>Link: &lt;/v2/_catalog?last=x&amp;n=1000&gt;; rel="next" (the distribution spec's pagination).</summary>
    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links)
        {
            var open = link.IndexOf('<');
            var close = link.IndexOf('>');
            if (open >= 0 && close > open && link.Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                return new Uri(link[(open + 1)..close], UriKind.RelativeOrAbsolute);
            }
        }

        return null;
    }

    private async Task<T> ReadDocumentAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what, CancellationToken cancellation)
    {
        if (response.Content.Headers.ContentLength > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{Location}: {what} is larger than {RepositoryJson.MaxDocumentBytes} bytes");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        using var buffer = new MemoryStream();
        await LimitedCopy.CopyAsync(body, buffer, RepositoryJson.MaxDocumentBytes, $"{Location}: {what}", ((IRepositoryBackend)this).StallTimeout, cancellation);
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(buffer.ToArray(), type) ?? throw new InvalidDataException($"{Location}: {what} is empty");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new InvalidDataException($"{Location}: {what} is not valid JSON ({error.Message})", error);
        }
    }

    private Uri Url(string path) => new($"v2/{Reference.Repository}/{path}", UriKind.Relative);

    private Uri NextLocation(HttpResponseMessage response) =>
        response.Headers.Location ?? throw new InvalidDataException($"{Location}: the registry gave no upload location");

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string scope, CancellationToken cancellation)
    {
        using (request)
        {
            return await connection.SendAsync(request, scope, cancellation);
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
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new UnauthorizedAccessException($"{Location}: the registry refused {what} ({(int)response.StatusCode} without a challenge to answer)"),
            _ => new IOException($"{Location}: {what}: the registry answered {(int)response.StatusCode} {response.ReasonPhrase}"),
        };
    }
}
