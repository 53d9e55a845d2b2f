using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Repository.Oci;

/// <summary>
/// Pulls an appliance from an OCI registry: the image index by tag (its signature checked against the pinned key,
/// unless insecure), the descriptor from the first variant's config, the matcher's choice, then only the layers of
/// the chosen variant's manifest, through the same verified, resumable cache as other repositories.
/// </summary>
public sealed class OciPuller(OciRegistry registry, TrustedKey? key, bool insecure, Action<string> warn, BlobCache cache)
{
    public async Task<PullResult> PullAsync(Func<ApplianceDescriptor, HostMatch> match, string? output, IProgress<long>? progress, CancellationToken cancellation)
    {
        var tag = registry.Reference.Tag ?? "latest";
        var where = $"{registry.Location}:{tag}";
        var indexBytes = await registry.GetManifestAsync(tag, OciMediaTypes.ImageIndex, cancellation)
            ?? throw new FileNotFoundException($"{registry.Reference.Registry.Authority}/{registry.Reference.Repository} has no tag '{tag}'");
        await VerifyAsync(tag, Digest.Of(indexBytes).ToString(), where, cancellation);
        var index = Parse(indexBytes, OciJsonContext.Default.OciImageIndex, $"the image index {where}");
        if (index.Manifests.Count == 0)
        {
            throw new InvalidDataException($"the image index {where} lists no variants");
        }

        var annotations = index.Annotations ?? new Dictionary<string, string>();
        var name = annotations.GetValueOrDefault(OciMediaTypes.Name) ?? registry.Reference.Repository;
        var version = annotations.GetValueOrDefault(OciMediaTypes.Version);
        var descriptorFile = annotations.GetValueOrDefault(OciMediaTypes.DescriptorFile) ?? "appliance.xml";
        if (Path.GetFileName(descriptorFile) != descriptorFile || descriptorFile is "." or ".." || descriptorFile.Length == 0)
        {
            throw new InvalidDataException($"the image index {where} names descriptor file '{descriptorFile}', which is not a plain file name");
        }

        var first = await ManifestAsync(index.Manifests[0], where, cancellation);
        var folder = Path.GetFullPath(output ?? Path.Combine(cache.Appliances, Puller.SafeName(name), Puller.SafeName(string.IsNullOrEmpty(version) ? tag : version)));
        Directory.CreateDirectory(folder);
        var descriptorPath = Path.Combine(folder, descriptorFile);
        await File.WriteAllBytesAsync(descriptorPath + ".tmp", await SmallBlobAsync(first.Config, cancellation), cancellation);
        File.Move(descriptorPath + ".tmp", descriptorPath, overwrite: true);
        var descriptor = DescriptorReader.Load(descriptorPath);

        var hostMatch = match(descriptor);
        if (hostMatch.Chosen is not { } chosen)
        {
            throw new NotSupportedException(
                $"no variant of {where} runs on {hostMatch.Host}; nothing was downloaded:\n"
                + hostMatch.ReasonLines());
        }

        var variant = descriptor.Boots[chosen];
        var entry = index.Manifests.FirstOrDefault(m => m.Annotations?.GetValueOrDefault(OciMediaTypes.Variant) == variant.Id)
            ?? throw new InvalidDataException($"the image index {where} has no manifest for variant '{variant.Id}'");
        var manifest = await ManifestAsync(entry, where, cancellation);
        var disks = manifest.Layers.Select(layer => Disk(layer, where)).ToList();
        long downloaded = 0;
        foreach (var disk in disks)
        {
            if (DescriptorPaths.Problem(disk.File) is { } problem)
            {
                throw new InvalidDataException($"{where}: layer '{disk.Id}' file {problem}");
            }

            var (path, fetched) = await cache.EnsureAsync(registry, disk, progress, cancellation);
            downloaded += fetched;
            Puller.Link(Path.Combine(folder, disk.File), path);
        }

        cache.RegisterFolder(folder);
        var entryRecord = new IndexEntry { Name = name, Version = string.IsNullOrEmpty(version) ? null : version, Manifest = new BlobReference(entry.Digest, entry.Size) };
        var all = 0L;
        foreach (var other in index.Manifests)
        {
            all += (await ManifestAsync(other, where, cancellation)).Layers.Sum(l => l.Size);
        }

        return new PullResult(descriptorPath, entryRecord, hostMatch, variant.Id, downloaded, disks.Sum(d => d.Blob.Size), all);
    }

    private async Task VerifyAsync(string tag, string indexDigest, string where, CancellationToken cancellation)
    {
        if (key is null)
        {
            if (!insecure)
            {
                throw new SignatureException($"no key is pinned for {registry.Location}: pass --key FILE (or --insecure to skip verification)");
            }

            warn($"INSECURE: {where} is not verified: no key is pinned for it and --insecure was given");
            return;
        }

        try
        {
            var signatureBytes = await registry.GetManifestAsync($"{tag}.sig", OciMediaTypes.ImageManifest, cancellation)
                ?? throw new SignatureException($"{where} is not signed (no {tag}.sig), but a key is pinned for it (use --insecure to accept it anyway)");
            var signature = Parse(signatureBytes, OciJsonContext.Default.OciImageManifest, $"the signature of {where}");
            var envelope = RepositoryJson.Deserialize<Envelope>(await SmallBlobAsync(signature.Config, cancellation), $"the signature of {where}");
            var signed = System.Text.Encoding.UTF8.GetString(envelope.Open(key, where));
            if (signed != indexDigest)
            {
                throw new SignatureException($"{where} is {indexDigest}, but its signature is for {signed} (replaced or rolled back)");
            }
        }
        catch (SignatureException error) when (insecure)
        {
            warn($"INSECURE: {error.Message}; accepted because of --insecure");
        }
    }

    private async Task<OciImageManifest> ManifestAsync(OciDescriptor entry, string where, CancellationToken cancellation)
    {
        var bytes = await registry.GetManifestAsync(entry.Digest, OciMediaTypes.ImageManifest, cancellation)
            ?? throw new InvalidDataException($"the image index {where} lists manifest {entry.Digest}, which the registry does not have");
        return Parse(bytes, OciJsonContext.Default.OciImageManifest, $"manifest {entry.Digest} of {where}");
    }

    private static ManifestDisk Disk(OciDescriptor layer, string where)
    {
        var annotations = layer.Annotations ?? new Dictionary<string, string>();
        var file = annotations.GetValueOrDefault(OciMediaTypes.Title) ?? throw new InvalidDataException($"{where}: layer {layer.Digest} has no {OciMediaTypes.Title}");
        var id = annotations.GetValueOrDefault(OciMediaTypes.DiskId) ?? annotations.GetValueOrDefault(OciMediaTypes.BootFile) ?? file;
        var contentDigest = annotations.GetValueOrDefault(OciMediaTypes.ContentDigest) ?? layer.Digest;
        var contentSize = long.TryParse(annotations.GetValueOrDefault(OciMediaTypes.ContentSize), out var size) ? size : layer.Size;
        return new ManifestDisk
        {
            Id = id,
            File = file,
            Format = "raw",
            Compression = layer.MediaType == OciMediaTypes.DiskZstd ? "zstd" : "none",
            Blob = new BlobReference(layer.Digest, layer.Size),
            Content = new BlobReference(contentDigest, contentSize),
        };
    }

    private async Task<byte[]> SmallBlobAsync(OciDescriptor blob, CancellationToken cancellation)
    {
        if (blob.Size > RepositoryJson.MaxDocumentBytes)
        {
            throw new InvalidDataException($"{registry.Location}: blob {blob.Digest} is {blob.Size} bytes; at most {RepositoryJson.MaxDocumentBytes} are accepted here");
        }

        var digest = Digest.Parse(blob.Digest, registry.Location);
        await using var stream = await registry.OpenBlobAsync(digest, 0, blob.Size, cancellation);
        using var buffer = new MemoryStream();
        await Transport.LimitedCopy.CopyAsync(stream, buffer, blob.Size, $"blob {digest}", ((Transport.IRepositoryBackend)registry).StallTimeout, cancellation);
        var bytes = buffer.ToArray();
        return Digest.Of(bytes) == digest ? bytes : throw new InvalidDataException($"{registry.Location}: blob {digest} arrived with digest {Digest.Of(bytes)}");
    }

    private static T Parse<T>(byte[] bytes, JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw new InvalidDataException($"{what} is empty");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{what} is not valid ({error.Message})", error);
        }
    }
}
