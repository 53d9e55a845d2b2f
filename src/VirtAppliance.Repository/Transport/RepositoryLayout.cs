using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Transport;

/// <summary>Paths inside a repository: index.json and blobs/sha256/HEX; nothing else is ever addressed.</summary>
public static class RepositoryLayout
{
    public const string IndexFile = "index.json";

    public static string BlobPath(Digest digest) => $"blobs/sha256/{digest.Hex}";

    /// <summary>Maps a request path to a repository file, or null when it names anything else (including ../ escapes).</summary>
    public static string? Resolve(string requestPath)
    {
        var path = requestPath.TrimStart('/');
        if (path == IndexFile)
        {
            return path;
        }

        const string prefix = "blobs/sha256/";
        return path.StartsWith(prefix, StringComparison.Ordinal) && Digest.TryParse("sha256:" + path[prefix.Length..]) is { } digest
            ? BlobPath(digest)
            : null;
    }
}
