using System.Text;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>What a pull did: where the appliance is, which variant it is for, and what it cost.</summary>
public sealed record PullResult(
    string DescriptorPath,
    IndexEntry Entry,
    HostMatch Match,
    string VariantId,
    long DownloadedBytes,
    long VariantBytes,
    long AllVariantsBytes);

/// <summary>Reads a repository (verified index, manifests) and pulls one appliance: only the chosen variant's disks.</summary>
public sealed class Puller(IRepositoryBackend backend, IndexReader reader, BlobCache cache)
{
    public IRepositoryBackend Backend { get; } = backend;

    public Task<RepositoryIndex> IndexAsync(CancellationToken cancellation) => reader.ReadAsync(Backend, cancellation);

    /// <summary>NAME (the highest version) or NAME:VERSION.</summary>
    public static IndexEntry Resolve(RepositoryIndex index, string reference, string location)
    {
        var colon = reference.IndexOf(':');
        var name = colon < 0 ? reference : reference[..colon];
        var version = colon < 0 ? null : reference[(colon + 1)..];
        var candidates = index.Appliances.Where(a => a.Name == name).ToList();
        if (candidates.Count == 0)
        {
            throw new FileNotFoundException($"{location} has no appliance named '{name}' (see 'virt-appliance search')");
        }

        return version is null
            ? candidates.OrderBy(a => a.Version, VersionOrder.Instance).ThenBy(a => a.Release, VersionOrder.Instance).Last()
            : candidates.Where(a => a.Version == version).OrderBy(a => a.Release, VersionOrder.Instance).LastOrDefault()
                ?? throw new FileNotFoundException($"{location} has '{name}' in versions {string.Join(", ", candidates.Select(c => c.Version))}, not {version}");
    }

    public async Task<ApplianceManifest> ManifestAsync(IndexEntry entry, CancellationToken cancellation) =>
        RepositoryJson.Deserialize<ApplianceManifest>(await SmallBlobAsync(entry.Manifest, $"the manifest of {entry.Reference}", cancellation), $"the manifest of {entry.Reference}");

    /// <summary>
    /// Fetches the descriptor, lets <paramref name="match"/> choose the variant for the target host, then downloads only
    /// that variant's disks into the cache and lays the appliance out in <paramref name="output"/> (default: the cache's
    /// appliances/NAME/VERSION).
    /// </summary>
    public async Task<PullResult> PullAsync(
        string reference,
        Func<ApplianceDescriptor, HostMatch> match,
        string? output,
        IProgress<(long Done, long Total)>? progress,
        CancellationToken cancellation)
    {
        var index = await IndexAsync(cancellation);
        var entry = Resolve(index, reference, Backend.Location);
        var manifest = await ManifestAsync(entry, cancellation);
        var folder = Path.GetFullPath(output ?? Path.Combine(cache.Appliances, SafeName(manifest.Name), SafeName(manifest.Version ?? "latest")));
        Directory.CreateDirectory(folder);
        if (Path.GetFileName(manifest.DescriptorFile) != manifest.DescriptorFile || manifest.DescriptorFile is "." or ".." || manifest.DescriptorFile.Length == 0)
        {
            throw new InvalidDataException($"the manifest of {entry.Reference} names descriptor file '{manifest.DescriptorFile}', which is not a plain file name");
        }

        var descriptorPath = Path.Combine(folder, manifest.DescriptorFile);
        var descriptorBytes = await SmallBlobAsync(manifest.Descriptor, $"the descriptor of {entry.Reference}", cancellation);
        var temporary = descriptorPath + ".tmp";
        await File.WriteAllBytesAsync(temporary, descriptorBytes, cancellation);
        File.Move(temporary, descriptorPath, overwrite: true);
        var descriptor = DescriptorReader.Load(descriptorPath);

        var hostMatch = match(descriptor);
        if (hostMatch.Chosen is not { } chosen)
        {
            throw new NotSupportedException(
                $"no variant of {entry.Reference} runs on {hostMatch.Host}; nothing was downloaded:\n"
                + hostMatch.ReasonLines());
        }

        var variant = descriptor.Boots[chosen];
        var wanted = variant.DiskIds.ToHashSet();
        var wantedFiles = variant.BootFiles.ToHashSet();
        var disks = manifest.Disks.Where(d => wanted.Contains(d.Id)).ToList();
        var missingFile = wantedFiles.FirstOrDefault(f => manifest.BootFiles.All(b => b.File != f));
        if (missingFile is not null)
        {
            throw new InvalidDataException($"the manifest of {entry.Reference} lacks {missingFile}, which variant '{variant.Id}' boots");
        }

        var bootFiles = manifest.BootFiles.Where(b => wantedFiles.Contains(b.File)).ToList();
        foreach (var disk in disks.Concat(bootFiles))
        {
            if (DescriptorPaths.Problem(disk.File) is { } problem)
            {
                throw new InvalidDataException($"the manifest of {entry.Reference}: '{disk.Id}' file {problem}");
            }

            if (!bootFiles.Contains(disk) && descriptor.FindDisk(disk.Id)?.File != disk.File)
            {
                throw new InvalidDataException($"the manifest of {entry.Reference}: disk '{disk.Id}' is '{disk.File}', the descriptor says '{descriptor.FindDisk(disk.Id)?.File}'");
            }
        }

        disks.AddRange(bootFiles);
        var total = disks.Where(d => !cache.Has(d.Content)).Sum(d => d.Blob.Size);
        long done = 0;
        long downloaded = 0;
        var bytes = new CallbackProgress<long>(n => progress?.Report((done += n, total)));
        foreach (var disk in disks)
        {
            var (path, fetched) = await cache.EnsureAsync(Backend, disk, bytes, cancellation);
            downloaded += fetched;
            Link(Path.Combine(folder, disk.File), path);
        }

        cache.RegisterFolder(folder);
        var all = manifest.Disks.Concat(manifest.BootFiles).Select(d => d.Blob).DistinctBy(b => b.Digest).Sum(b => b.Size);
        return new PullResult(descriptorPath, entry, hostMatch, variant.Id, downloaded, disks.Sum(d => d.Blob.Size), all);
    }

    private async Task<byte[]> SmallBlobAsync(BlobReference blob, string what, CancellationToken cancellation)
    {
        if (blob.Size > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{what} is {blob.Size} bytes; at most {RepositoryJson.MaxDocumentBytes} are accepted");
        }

        var digest = Digest.Parse(blob.Digest, what);
        await using var source = await Backend.OpenBlobAsync(digest, 0, blob.Size, cancellation);
        using var buffer = new MemoryStream();
        await LimitedCopy.CopyAsync(source, buffer, blob.Size, what, Backend.StallTimeout, cancellation);
        var bytes = buffer.ToArray();
        if (bytes.Length != blob.Size || Digest.Of(bytes) != digest)
        {
            throw new InvalidDataException($"{what} ({digest}) arrived as {bytes.Length} bytes with digest {Digest.Of(bytes)}: not what the index names");
        }

        return bytes;
    }

    internal static void Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".link-tmp";
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, target);
        File.Move(temporary, path, overwrite: true);
    }

    internal static string SafeName(string text)
    {
        var cleaned = new StringBuilder();
        foreach (var c in text)
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var name = cleaned.ToString().Trim('.');
        return name.Length == 0 ? "_" : name;
    }
}
