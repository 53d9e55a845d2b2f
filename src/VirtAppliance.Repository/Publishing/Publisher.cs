using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Publishing;

/// <summary>What publish did.</summary>
public sealed record PublishResult(IndexEntry Entry, long Serial, int BlobsUploaded, long BytesUploaded, int BlobsReused);

/// <summary>
/// Publishes a descriptor and its disks: disks compressed for transport (zstd) and deduplicated by content (a version
/// that shares a disk with an earlier one uploads nothing for it), then the descriptor, the manifest, and a new index
/// with a higher serial, signed, written in one step.
/// </summary>
public sealed class Publisher(IRepositoryBackend backend, SigningKey? key, string workFolder)
{

    public async Task<PublishResult> PublishAsync(string descriptorPath, bool replace, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation)
    {
        var descriptor = DescriptorReader.Load(descriptorPath);
        var index = await CurrentIndexAsync(cancellation);
        var known = await KnownContentAsync(index, cancellation);

        var files = descriptor.Disks
            .Select(d => (Disk: d, Path: DescriptorPaths.Resolve(descriptor.BaseDirectory!, d.File)))
            .Where(d => File.Exists(d.Path))
            .ToList();
        var bootFiles = descriptor.Boots.SelectMany(b => b.BootFiles).Distinct().ToList();
        foreach (var bootFile in bootFiles)
        {
            var path = DescriptorPaths.Resolve(descriptor.BaseDirectory!, bootFile);
            files.Add((new DiskDefinition { Id = bootFile, File = bootFile, Format = "file" }, File.Exists(path)
                ? path
                : throw new FileNotFoundException($"{descriptorPath} boots {bootFile}, which does not exist; nothing was published", path)));
        }

        var missingSystem = descriptor.Disks.FirstOrDefault(d => d.Use == DiskUse.System && files.All(f => f.Disk.Id != d.Id));
        if (missingSystem is not null)
        {
            throw new FileNotFoundException($"system disk '{missingSystem.Id}' ({missingSystem.File}) of {descriptorPath} does not exist; nothing was published");
        }

        var total = files.Sum(f => new FileInfo(f.Path).Length);
        long done = 0;
        var bytes = new CallbackProgress<long>(n => progress?.Report((done += n, total)));
        var disks = new List<ManifestDisk>();
        int uploaded = 0, reused = 0;
        long uploadedBytes = 0;
        Directory.CreateDirectory(workFolder);
        foreach (var (disk, path) in files)
        {
            var size = new FileInfo(path).Length;
            var contentDigest = (await FileDigest.OfAsync(path, cancellation)).ToString();
            if (known.TryGetValue(contentDigest, out var earlier) && earlier.Content.Size == size)
            {
                // Published before (an earlier version shares this disk): nothing to compress or upload.
                disks.Add(earlier with { Id = disk.Id, File = disk.File, Format = disk.Format });
                reused++;
                bytes.Report(size);
                continue;
            }

            var prepared = await TransportBlob.PrepareAsync(path, workFolder, bytes, cancellation);
            try
            {
                var blobDigest = Digest.Parse(prepared.Blob.Digest, "blob");
                if (!await backend.HasBlobAsync(blobDigest, cancellation))
                {
                    await backend.WriteBlobAsync(blobDigest, prepared.UploadFile, cancellation);
                    uploaded++;
                    uploadedBytes += prepared.Blob.Size;
                }
                else
                {
                    reused++;
                }

                disks.Add(new ManifestDisk
                {
                    Id = disk.Id,
                    File = disk.File,
                    Format = disk.Format,
                    Compression = prepared.Compression,
                    Blob = prepared.Blob,
                    Content = prepared.Content,
                });
            }
            finally
            {
                prepared.Discard(workFolder);
            }
        }

        var descriptorBlob = await PutSmallAsync(await File.ReadAllBytesAsync(descriptorPath, cancellation), cancellation);
        var manifest = new ApplianceManifest
        {
            Name = descriptor.Name,
            Version = descriptor.Version,
            Release = descriptor.Release,
            Descriptor = descriptorBlob,
            DescriptorFile = Path.GetFileName(descriptorPath),
            Disks = disks.Where(d => !bootFiles.Contains(d.Id)).ToList(),
            BootFiles = disks.Where(d => bootFiles.Contains(d.Id)).ToList(),
            Variants = descriptor.Boots.Select(b => new ManifestVariant
            {
                Id = b.Id,
                Type = b.Type == BootType.Xen ? "xen" : "hvm",
                Arch = b.Arch,
                Disks = b.DiskIds,
                BootFiles = b.BootFiles,
                Firmware = b.Requirements.Firmware,
                AcceleratorRequired = b.Requirements.AcceleratorRequired,
            }).ToList(),
        };
        var manifestBlob = await PutSmallAsync(RepositoryJson.Serialize(manifest), cancellation);
        var entry = new IndexEntry
        {
            Name = descriptor.Name,
            Version = descriptor.Version,
            Release = descriptor.Release,
            Label = descriptor.Label,
            Description = descriptor.Description,
            Manifest = manifestBlob,
            Variants = manifest.Variants.Select(v => $"{v.Id}: {v.Type} {v.Arch}{(v.Firmware is null ? "" : " " + v.Firmware)}").ToList(),
            TotalBytes = disks.Select(d => d.Blob).DistinctBy(b => b.Digest).Sum(b => b.Size),
            Published = DateTimeOffset.UtcNow,
        };

        var same = index.Appliances.FirstOrDefault(a => a.Name == entry.Name && a.Version == entry.Version && a.Release == entry.Release);
        if (same is not null && same.Manifest != entry.Manifest && !replace)
        {
            throw new RepositoryConflictException($"{backend.Location} already has {entry.Reference} (release {entry.Release ?? "-"}) with other content; publish a new version or release, or pass --replace");
        }

        var next = index with
        {
            Serial = index.Serial + 1,
            Generated = DateTimeOffset.UtcNow,
            Appliances = [.. index.Appliances.Where(a => a != same), entry],
        };
        var payload = RepositoryJson.Serialize(next);
        await backend.WriteIndexAsync(RepositoryJson.Serialize(Envelope.Seal(payload, key)), cancellation);
        return new PublishResult(entry, next.Serial, uploaded, uploadedBytes, reused);
    }

    private async Task<RepositoryIndex> CurrentIndexAsync(CancellationToken cancellation)
    {
        var bytes = await backend.ReadIndexAsync(cancellation);
        if (bytes is null)
        {
            return new RepositoryIndex { Serial = 0 };
        }

        var envelope = RepositoryJson.Deserialize<Envelope>(bytes, $"the index of {backend.Location}");
        byte[] payload;
        if (key is not null)
        {
            using var own = TrustedKey.FromPem(key.PublicKeyPem(), "the publishing key");
            payload = envelope.Signatures.Count == 0 ? envelope.PayloadBytes() : envelope.Open(own, $"the index of {backend.Location}");
        }
        else if (envelope.Signatures.Count > 0)
        {
            throw new SignatureException($"{backend.Location} is signed; publish with --key and its signing key");
        }
        else
        {
            payload = envelope.PayloadBytes();
        }

        return RepositoryJson.Deserialize<RepositoryIndex>(payload, $"the index of {backend.Location}");
    }

    /// <summary>Disk contents already published (by content digest), so a new version can reuse their blobs.</summary>
    private async Task<Dictionary<string, ManifestDisk>> KnownContentAsync(RepositoryIndex index, CancellationToken cancellation)
    {
        var known = new Dictionary<string, ManifestDisk>(StringComparer.Ordinal);
        foreach (var entry in index.Appliances)
        {
            var digest = Digest.Parse(entry.Manifest.Digest, "index");
            if (!await backend.HasBlobAsync(digest, cancellation))
            {
                continue;
            }

            await using var stream = await backend.OpenBlobAsync(digest, 0, entry.Manifest.Size, cancellation);
            using var buffer = new MemoryStream();
            await LimitedCopy.CopyAsync(stream, buffer, Math.Min(entry.Manifest.Size, RepositoryJson.MaxDocumentBytes), entry.Reference, backend.StallTimeout, cancellation);
            foreach (var disk in RepositoryJson.Deserialize<ApplianceManifest>(buffer.ToArray(), $"the manifest of {entry.Reference}").Disks)
            {
                known.TryAdd(disk.Content.Digest, disk);
            }
        }

        return known;
    }

    private async Task<BlobReference> PutSmallAsync(byte[] content, CancellationToken cancellation)
    {
        var digest = Digest.Of(content);
        if (!await backend.HasBlobAsync(digest, cancellation))
        {
            var temporary = Path.Combine(workFolder, $"{Guid.NewGuid():N}.blob");
            try
            {
                await File.WriteAllBytesAsync(temporary, content, cancellation);
                await backend.WriteBlobAsync(digest, temporary, cancellation);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        return new BlobReference(digest.ToString(), content.Length);
    }
}
