using VirtAppliance.Repository.Format;

namespace VirtAppliance.Repository.Transport;

/// <summary>A repository in a local folder (also what <c>repo serve</c> serves).</summary>
public sealed class DirectoryBackend(string root) : IRepositoryBackend
{
    public string Location { get; } = Path.GetFullPath(root);

    /// <summary>A folder, or file://FOLDER: any location no other kind takes.</summary>
    public static Sources.SourceKind Kind { get; } = new(
        "FOLDER",
        _ => true,
        (source, settings) => new Sources.IndexedSource(
            source.Name, new DirectoryBackend(source.Uri.StartsWith("file://", StringComparison.Ordinal) ? source.Uri["file://".Length..] : source.Uri), settings));

    public async Task<byte[]?> ReadIndexAsync(CancellationToken cancellation)
    {
        var path = Path.Combine(Location, RepositoryLayout.IndexFile);
        if (!File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{path} is larger than {RepositoryJson.MaxDocumentBytes} bytes; it is not an index");
        }

        return await File.ReadAllBytesAsync(path, cancellation);
    }

    public async Task WriteIndexAsync(byte[] content, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Location);
        var path = Path.Combine(Location, RepositoryLayout.IndexFile);
        var temporary = DiskImages.TemporaryFile.For(path);
        await File.WriteAllBytesAsync(temporary, content, cancellation);
        File.Move(temporary, path, overwrite: true);
    }

    public Task<bool> HasBlobAsync(Digest digest, CancellationToken cancellation) =>
        Task.FromResult(File.Exists(BlobFile(digest)));

    public Task WriteBlobAsync(Digest digest, string sourceFile, CancellationToken cancellation)
    {
        var path = BlobFile(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = DiskImages.TemporaryFile.For(path);
        File.Copy(sourceFile, temporary);
        File.Move(temporary, path, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<Stream> OpenBlobAsync(Digest digest, long offset, long length, CancellationToken cancellation)
    {
        var path = BlobFile(digest);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"blob {digest} is missing from the repository {Location}", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        stream.Position = offset;
        return Task.FromResult<Stream>(stream);
    }

    public void Dispose()
    {
    }

    private string BlobFile(Digest digest) => Path.Combine(Location, RepositoryLayout.BlobPath(digest));
}
