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
            ?? throw new FileNotFoundException($"{registry.Reference.Host}/{registry.Reference.Repository} has no tag '{tag}'");
        var indexDigest = Digest.Of(indexBytes).ToString();
        await VerifyAsync(registry, tag, indexDigest, where, cancellation);
        var index = OciApplianceReader.ParseIndex(indexBytes, $"the image index {where}");
        var manifests = new List<OciImageManifest>();
        foreach (var entry in index.Manifests)
        {
            manifests.Add(await ManifestAsync(registry, entry, where, cancellation));
        }

        return OciApplianceReader.Read(index, manifests, new BlobReference(indexDigest, indexBytes.Length), registry.Reference.Repository, tag, where);
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
            registry = new OciRegistry(parsed, settings.Registry);
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
            var signature = OciApplianceReader.ParseManifest(signatureBytes, $"the signature of {where}");
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
        return OciApplianceReader.ParseManifest(bytes, $"manifest {entry.Digest} of {where}");
    }
}
