using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Oci;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Repository.Sources;

/// <summary>
/// An OCI registry (oci://HOST[:PORT][/PREFIX]): each appliance is the repository PREFIX/NAME, each version a tag
/// holding an image index with one manifest per variant (<see cref="OciPublisher"/>). The index is read into the same
/// manifest shape as an indexed repository's, after its signature was checked against the pinned key.
/// </summary>
public sealed class OciSource(string name, string location, SourceSettings settings) : IApplianceSource
{
    private readonly Dictionary<string, OciRegistry> registries = new(StringComparer.Ordinal);

    public static SourceKind Kind { get; } = new(
        "oci://HOST[:PORT][/PREFIX]",
        location => location.StartsWith("oci://", StringComparison.OrdinalIgnoreCase),
        (source, settings) => new OciSource(source.Name, source.Uri, settings));

    public string Name { get; } = name;

    public string Location { get; } = location.TrimEnd('/');

    public async Task<IReadOnlyList<IndexEntry>> ListAsync(CancellationToken cancellation)
    {
        var root = OciReference.ForAppliance(Location, "catalog");
        var prefix = root.Repository[..^"catalog".Length];
        var entries = new List<IndexEntry>();
        foreach (var repository in await Registry("catalog").ListRepositoriesAsync(prefix, cancellation))
        {
            var appliance = repository[prefix.Length..];
            var tags = (await Registry(appliance).ListTagsAsync(cancellation)).Where(t => !t.EndsWith(OciMediaTypes.SignatureTagSuffix, StringComparison.Ordinal)).ToList();
            foreach (var tag in tags.Where(t => t != "latest" || tags.Count == 1))
            {
                entries.Add((await FindAsync($"{appliance}:{tag}", cancellation)).Entry);
            }
        }

        return entries;
    }

    public async Task<PublishedAppliance> FindAsync(string reference, CancellationToken cancellation)
    {
        var registry = Registry(reference);
        var tag = OciReference.ForAppliance(Location, reference).Tag ?? "latest";
        var where = $"{registry.Location}:{tag}";
        var indexBytes = await registry.GetManifestAsync(tag, OciMediaTypes.ImageIndex, cancellation)
            ?? throw new FileNotFoundException($"{registry.Reference.Registry.Authority}/{registry.Reference.Repository} has no tag '{tag}'");
        var indexDigest = Digest.Of(indexBytes).ToString();
        await VerifyAsync(registry, tag, indexDigest, where, cancellation);
        var index = Parse(indexBytes, OciJsonContext.Default.OciImageIndex, $"the image index {where}");
        if (index.Manifests.Count == 0)
        {
            throw new InvalidDataException($"the image index {where} lists no variants");
        }

        var variants = new List<(OciDescriptor Entry, OciImageManifest Manifest)>();
        foreach (var entry in index.Manifests)
        {
            variants.Add((entry, await ManifestAsync(registry, entry, where, cancellation)));
        }

        var annotations = index.Annotations ?? new Dictionary<string, string>();
        var layers = variants.SelectMany(v => v.Manifest.Layers).Select(l => Layer(l, where)).ToList();
        foreach (var group in layers.GroupBy(l => (l.IsBootFile, l.Disk.Id)).Where(g => g.Select(l => (l.Disk.File, l.Disk.Blob.Digest)).Distinct().Count() > 1))
        {
            throw new InvalidDataException($"the image index {where}: the variants disagree about '{group.Key.Id}' ({string.Join(" or ", group.Select(l => $"{l.Disk.File} {l.Disk.Blob.Digest}").Distinct())})");
        }

        var manifest = new ApplianceManifest
        {
            Name = annotations.GetValueOrDefault(OciMediaTypes.Name) ?? registry.Reference.Repository,
            Version = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Version)),
            Release = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Release)),
            Descriptor = new BlobReference(variants[0].Manifest.Config.Digest, variants[0].Manifest.Config.Size),
            DescriptorFile = annotations.GetValueOrDefault(OciMediaTypes.DescriptorFile) ?? "appliance.xml",
            Disks = layers.Where(l => !l.IsBootFile).Select(l => l.Disk).DistinctBy(d => d.Id).ToList(),
            BootFiles = layers.Where(l => l.IsBootFile).Select(l => l.Disk).DistinctBy(d => d.File).ToList(),
            Variants = variants.Select(v => Variant(v.Entry, v.Manifest, where)).ToList(),
        };
        var published = new IndexEntry
        {
            Name = manifest.Name,
            Version = manifest.Version ?? (tag == "latest" ? null : tag),
            Release = manifest.Release,
            Label = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Label)),
            Description = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Description)),
            Manifest = new BlobReference(indexDigest, indexBytes.Length),
            Variants = manifest.Variants.Select(v => $"{v.Id}: {v.Type} {v.Arch}{(v.Firmware is null ? "" : " " + v.Firmware)}").ToList(),
        };
        var appliance = new PublishedAppliance(published, manifest, where);
        return appliance with { Entry = published with { TotalBytes = appliance.AllVariantsBytes } };
    }

    public Task<PullResult> PullAsync(PublishedAppliance appliance, Func<ApplianceDescriptor, HostMatch> match, string? output, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation) =>
        ApplianceDownload.PullAsync(Registry(appliance.Entry.Name), appliance, settings.Cache, match, output, progress, cancellation);

    public async Task<PublishOutcome> PublishAsync(string descriptorPath, SigningKey? key, bool replace, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation)
    {
        var descriptor = Descriptors.Reading.DescriptorReader.Load(descriptorPath);
        var work = settings.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"virt-appliance-publish-{Guid.NewGuid():N}");
        try
        {
            return await new OciPublisher(Registry(descriptor.Name), key, work).PublishAsync(descriptor, descriptorPath, replace, progress, cancellation);
        }
        finally
        {
            if (settings.WorkFolder is null && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    public void Dispose()
    {
        foreach (var registry in registries.Values)
        {
            registry.Dispose();
        }
    }

    /// <summary>The registry client for the appliance's repository (one per repository, kept for the source's life).</summary>
    private OciRegistry Registry(string reference)
    {
        var parsed = OciReference.ForAppliance(Location, reference) with { Tag = null };
        var key = parsed.ToString();
        if (!registries.TryGetValue(key, out var registry))
        {
            registry = new OciRegistry(parsed, settings.PushToken);
            registries[key] = registry;
        }

        return registry;
    }

    private async Task VerifyAsync(OciRegistry registry, string tag, string indexDigest, string where, CancellationToken cancellation)
    {
        if (settings.Key is not { } key)
        {
            if (!settings.Insecure)
            {
                throw new SignatureException($"no key is pinned for {registry.Location}: pass --key FILE (or --insecure to skip verification)");
            }

            settings.Warn($"INSECURE: {where} is not verified: no key is pinned for it and --insecure was given");
            return;
        }

        try
        {
            var signatureBytes = await registry.GetManifestAsync($"{tag}{OciMediaTypes.SignatureTagSuffix}", OciMediaTypes.ImageManifest, cancellation)
                ?? throw new SignatureException($"{where} is not signed (no {tag}{OciMediaTypes.SignatureTagSuffix}), but a key is pinned for it (use --insecure to accept it anyway)");
            var signature = Parse(signatureBytes, OciJsonContext.Default.OciImageManifest, $"the signature of {where}");
            var envelopeBytes = await SmallBlobs.ReadAsync(registry, new BlobReference(signature.Config.Digest, signature.Config.Size), $"the signature of {where}", cancellation);
            var envelope = RepositoryJson.Deserialize<Envelope>(envelopeBytes, $"the signature of {where}");
            var signed = System.Text.Encoding.UTF8.GetString(envelope.Open(key, where));
            if (signed != indexDigest)
            {
                throw new SignatureException($"{where} is {indexDigest}, but its signature is for {signed} (replaced or rolled back)");
            }
        }
        catch (SignatureException error) when (settings.Insecure)
        {
            settings.Warn($"INSECURE: {error.Message}; accepted because of --insecure");
        }
    }

    private static async Task<OciImageManifest> ManifestAsync(OciRegistry registry, OciDescriptor entry, string where, CancellationToken cancellation)
    {
        var bytes = await registry.GetManifestAsync(entry.Digest, OciMediaTypes.ImageManifest, cancellation)
            ?? throw new InvalidDataException($"the image index {where} lists manifest {entry.Digest}, which the registry does not have");
        return Parse(bytes, OciJsonContext.Default.OciImageManifest, $"manifest {entry.Digest} of {where}");
    }

    private static ManifestVariant Variant(OciDescriptor entry, OciImageManifest manifest, string where)
    {
        var annotations = entry.Annotations ?? new Dictionary<string, string>();
        var layers = manifest.Layers.Select(l => Layer(l, where)).ToList();
        return new ManifestVariant
        {
            Id = annotations.GetValueOrDefault(OciMediaTypes.Variant) ?? throw new InvalidDataException($"the image index {where}: manifest {entry.Digest} names no variant ({OciMediaTypes.Variant})"),
            Type = annotations.GetValueOrDefault(OciMediaTypes.BootType) ?? "hvm",
            Arch = OciMediaTypes.LibvirtArchitecture(entry.Platform?.Architecture ?? "unknown"),
            Disks = layers.Where(l => !l.IsBootFile).Select(l => l.Disk.Id).ToList(),
            BootFiles = layers.Where(l => l.IsBootFile).Select(l => l.Disk.File).ToList(),
            Firmware = annotations.GetValueOrDefault(OciMediaTypes.Firmware),
            AcceleratorRequired = annotations.GetValueOrDefault(OciMediaTypes.AcceleratorRequired) == "true",
        };
    }

    private static (ManifestDisk Disk, bool IsBootFile) Layer(OciDescriptor layer, string where)
    {
        var annotations = layer.Annotations ?? new Dictionary<string, string>();
        var file = annotations.GetValueOrDefault(OciMediaTypes.Title) ?? throw new InvalidDataException($"{where}: layer {layer.Digest} has no {OciMediaTypes.Title}");
        var bootFile = annotations.GetValueOrDefault(OciMediaTypes.BootFile);
        var id = annotations.GetValueOrDefault(OciMediaTypes.DiskId) ?? bootFile ?? file;
        var contentDigest = annotations.GetValueOrDefault(OciMediaTypes.ContentDigest) ?? layer.Digest;
        var contentSize = long.TryParse(annotations.GetValueOrDefault(OciMediaTypes.ContentSize), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : layer.Size;
        var disk = new ManifestDisk
        {
            Id = id,
            File = file,
            Format = "raw",
            Compression = layer.MediaType == OciMediaTypes.DiskZstd ? "zstd" : "none",
            Blob = new BlobReference(layer.Digest, layer.Size),
            Content = new BlobReference(contentDigest, contentSize),
        };
        return (disk, bootFile is not null);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

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
