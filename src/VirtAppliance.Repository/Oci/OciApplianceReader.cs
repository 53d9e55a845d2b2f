using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Sources;

namespace VirtAppliance.Repository.Oci;

/// <summary>
/// Reads an appliance version from its OCI documents (the image index and one image manifest per variant, as
/// <see cref="OciPublisher"/> writes them) into the manifest shape an indexed repository has. Pure: the registry
/// traffic is the caller's.
/// </summary>
public static class OciApplianceReader
{
    public static OciImageIndex ParseIndex(byte[] bytes, string what) => Parse(bytes, OciJsonContext.Default.OciImageIndex, what);

    public static OciImageManifest ParseManifest(byte[] bytes, string what) => Parse(bytes, OciJsonContext.Default.OciImageManifest, what);

    private static T Parse<T>(byte[] bytes, JsonTypeInfo<T> type, string what)
    {
        try
        {
            var document = JsonSerializer.Deserialize(bytes, type) ?? throw new InvalidDataException($"{what} is empty");
            return NullElements.Find(document) is { } path
                ? throw new InvalidDataException($"{what} is not valid ({path} is null)")
                : document;
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{what} is not valid ({error.Message})", error);
        }
    }

    /// <param name="manifests">The image manifest of each entry of <paramref name="index"/>, in its order.</param>
    public static PublishedAppliance Read(OciImageIndex index, IReadOnlyList<OciImageManifest> manifests, BlobReference indexBlob, string repository, string tag, string where)
    {
        if (index.Manifests.Count == 0)
        {
            throw new InvalidDataException($"the image index {where} lists no variants");
        }

        var variants = index.Manifests.Zip(manifests).ToList();
        var annotations = index.Annotations ?? new Dictionary<string, string>();
        var layers = variants.SelectMany(v => v.Second.Layers).Select(l => Layer(l, where)).ToList();
        foreach (var group in layers.GroupBy(l => (l.IsBootFile, l.Disk.Id)).Where(g => g.Select(l => (l.Disk.File, l.Disk.Blob.Digest)).Distinct().Count() > 1))
        {
            throw new InvalidDataException($"the image index {where}: the variants disagree about '{group.Key.Id}' ({string.Join(" or ", group.Select(l => $"{l.Disk.File} {l.Disk.Blob.Digest}").Distinct())})");
        }

        var config = variants[0].Second.Config;
        var manifest = new ApplianceManifest
        {
            Name = annotations.GetValueOrDefault(OciMediaTypes.Name) ?? repository,
            Version = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Version)),
            Release = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Release)),
            Descriptor = new BlobReference(config.Digest, config.Size),
            DescriptorFile = annotations.GetValueOrDefault(OciMediaTypes.DescriptorFile) ?? "appliance.xml",
            Disks = layers.Where(l => !l.IsBootFile).Select(l => l.Disk).DistinctBy(d => d.Id).ToList(),
            BootFiles = layers.Where(l => l.IsBootFile).Select(l => l.Disk).DistinctBy(d => d.File).ToList(),
            Variants = variants.Select(v => Variant(v.First, v.Second, where)).ToList(),
        };
        var published = new IndexEntry
        {
            Name = manifest.Name,
            Version = manifest.Version ?? (tag == "latest" ? null : tag),
            Release = manifest.Release,
            Label = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Label)),
            Description = NullIfEmpty(annotations.GetValueOrDefault(OciMediaTypes.Description)),
            Manifest = indexBlob,
            Variants = manifest.Variants.Select(v => $"{v.Id}: {v.Type} {v.Arch}{(v.Firmware is null ? "" : " " + v.Firmware)}").ToList(),
        };
        var appliance = new PublishedAppliance(published, manifest, where);
        return appliance with { Entry = published with { TotalBytes = appliance.AllVariantsBytes } };
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
}
