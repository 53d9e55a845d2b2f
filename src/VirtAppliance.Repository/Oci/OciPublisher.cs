using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Publishing;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Repository.Oci;

/// <summary>
/// Pushes an appliance version as an OCI image index: one image manifest per variant (config: the descriptor;
/// layers: that variant's disks and boot files, annotated with their file names and content digests), each with its
/// platform and requirements as annotations. Tagged with the version (and "latest"); with a key, a DSSE signature of
/// the index digest is pushed under TAG.sig.
/// </summary>
public sealed class OciPublisher(OciRegistry registry, SigningKey? key, string workFolder)
{
    public const string SignatureMediaType = "application/vnd.virt-appliance.signature.v1+json";

    /// <param name="replace">move the version's tag when it already names other content ("latest" always moves)</param>
    public async Task<PublishOutcome> PublishAsync(ApplianceDescriptor descriptor, string descriptorPath, bool replace, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation)
    {
        var files = descriptor.Disks
            .Select(d => (Id: d.Id, File: d.File, Boot: false))
            .Concat(descriptor.Boots.SelectMany(b => b.BootFiles).Distinct().Select(f => (Id: f, File: f, Boot: true)))
            .Select(f => (f.Id, f.File, f.Boot, Path: DescriptorPaths.Resolve(descriptor.BaseDirectory!, f.File)))
            .Where(f => File.Exists(f.Path))
            .ToList();
        var total = files.Sum(f => new FileInfo(f.Path).Length);
        long done = 0;
        var read = new CallbackProgress<long>(n => progress?.Report((done += n, total)));
        int uploaded = 0, reused = 0;
        long uploadedBytes = 0;
        var layers = new Dictionary<string, OciDescriptor>(StringComparer.Ordinal);
        foreach (var (id, file, boot, path) in files)
        {
            var prepared = await TransportBlob.PrepareAsync(path, workFolder, read, cancellation);
            try
            {
                if (await Upload(Digest.Parse(prepared.Blob.Digest, "blob"), prepared.UploadFile, cancellation))
                {
                    uploaded++;
                    uploadedBytes += prepared.Blob.Size;
                }
                else
                {
                    reused++;
                }

                layers[id] = new OciDescriptor(
                    prepared.Compression == "none" ? OciMediaTypes.DiskRaw : OciMediaTypes.DiskZstd,
                    prepared.Blob.Digest,
                    prepared.Blob.Size,
                    new Dictionary<string, string>
                    {
                        [OciMediaTypes.Title] = file,
                        [boot ? OciMediaTypes.BootFile : OciMediaTypes.DiskId] = id,
                        [OciMediaTypes.ContentDigest] = prepared.Content.Digest,
                        [OciMediaTypes.ContentSize] = prepared.Content.Size.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    });
            }
            finally
            {
                prepared.Discard(workFolder);
            }
        }

        var config = await UploadBytes(await File.ReadAllBytesAsync(descriptorPath, cancellation), OciMediaTypes.Descriptor, cancellation);
        var manifests = new List<OciDescriptor>();
        foreach (var boot in descriptor.Boots)
        {
            var requirements = Requirements(descriptor, boot);
            var wanted = boot.DiskIds.Concat(boot.BootFiles).Distinct();
            var manifest = new OciImageManifest(2, OciMediaTypes.ImageManifest, config, wanted.Where(layers.ContainsKey).Select(w => layers[w]).ToList(), requirements);
            var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Default.OciImageManifest);
            var digest = Digest.Of(bytes).ToString();
            await registry.PutManifestAsync(digest, OciMediaTypes.ImageManifest, bytes, cancellation);
            manifests.Add(new OciDescriptor(OciMediaTypes.ImageManifest, digest, bytes.Length, requirements, new OciPlatform(OciMediaTypes.Architecture(boot.Arch), "linux")));
        }

        var annotations = new Dictionary<string, string>
        {
            [OciMediaTypes.Name] = descriptor.Name,
            [OciMediaTypes.Version] = descriptor.Version ?? "",
            [OciMediaTypes.DescriptorFile] = Path.GetFileName(descriptorPath),
        };
        foreach (var (annotation, value) in new[] { (OciMediaTypes.Release, descriptor.Release), (OciMediaTypes.Label, descriptor.Label), (OciMediaTypes.Description, descriptor.Description) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                annotations[annotation] = value;
            }
        }

        var index = new OciImageIndex(2, OciMediaTypes.ImageIndex, manifests, annotations);
        var indexBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.OciImageIndex);
        var indexDigest = Digest.Of(indexBytes).ToString();
        var tags = registry.Reference.Tag is { } given ? [given] : new[] { descriptor.Version ?? "latest", "latest" }.Distinct().ToArray();
        if (!replace && tags[0] != "latest" && await registry.GetManifestAsync(tags[0], OciMediaTypes.ImageIndex, cancellation) is { } existing && Digest.Of(existing).ToString() != indexDigest)
        {
            throw new RepositoryConflictException($"{registry.Location} already has tag '{tags[0]}' with other content; publish a new version, or pass --replace");
        }

        foreach (var tag in tags)
        {
            await registry.PutManifestAsync(tag, OciMediaTypes.ImageIndex, indexBytes, cancellation);
            if (key is not null)
            {
                var envelope = RepositoryJson.Serialize(Envelope.Seal(System.Text.Encoding.UTF8.GetBytes(indexDigest), key));
                var signature = new OciImageManifest(2, OciMediaTypes.ImageManifest, await UploadBytes(envelope, SignatureMediaType, cancellation), []);
                await registry.PutManifestAsync($"{tag}.sig", OciMediaTypes.ImageManifest, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(signature, OciJsonContext.Default.OciImageManifest), cancellation);
            }
        }

        var entry = new IndexEntry
        {
            Name = descriptor.Name,
            Version = descriptor.Version,
            Release = descriptor.Release,
            Label = descriptor.Label,
            Description = descriptor.Description,
            Manifest = new BlobReference(indexDigest, indexBytes.Length),
            TotalBytes = layers.Values.Select(l => l.Size).Sum(),
            Published = DateTimeOffset.UtcNow,
        };
        return new PublishOutcome(entry, registry.Location, indexDigest, null, tags[0], uploaded, uploadedBytes, reused, key is not null);
    }

    private static Dictionary<string, string> Requirements(ApplianceDescriptor descriptor, BootVariant boot)
    {
        var annotations = new Dictionary<string, string>
        {
            [OciMediaTypes.Name] = descriptor.Name,
            [OciMediaTypes.Variant] = boot.Id,
            [OciMediaTypes.BootType] = boot.Type == BootType.Xen ? "xen" : "hvm",
            [OciMediaTypes.AcceleratorRequired] = boot.Requirements.AcceleratorRequired ? "true" : "false",
        };
        if (boot.Requirements.Firmware is { } firmware)
        {
            annotations[OciMediaTypes.Firmware] = firmware;
        }

        return annotations;
    }

    private async Task<bool> Upload(Digest digest, string file, CancellationToken cancellation)
    {
        if (await registry.HasBlobAsync(digest, cancellation))
        {
            return false;
        }

        await registry.WriteBlobAsync(digest, file, cancellation);
        return true;
    }

    private async Task<OciDescriptor> UploadBytes(byte[] bytes, string mediaType, CancellationToken cancellation)
    {
        Directory.CreateDirectory(workFolder);
        var file = Path.Combine(workFolder, $"{Guid.NewGuid():N}.blob");
        await File.WriteAllBytesAsync(file, bytes, cancellation);
        try
        {
            await Upload(Digest.Of(bytes), file, cancellation);
        }
        finally
        {
            File.Delete(file);
        }

        return new OciDescriptor(mediaType, Digest.Of(bytes).ToString(), bytes.Length);
    }
}
