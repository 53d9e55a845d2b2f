using System.Text;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Sources;
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

/// <summary>
/// The one pull pipeline, for every kind of source: the descriptor first, the matcher's choice, every file name the
/// manifest gives checked against the descriptor, then only the chosen variant's blobs through the verified,
/// resumable cache, linked into the appliance's folder.
/// </summary>
public static class ApplianceDownload
{
    public static async Task<PullResult> PullAsync(
        IRepositoryBackend blobs,
        PublishedAppliance appliance,
        BlobCache cache,
        Func<ApplianceDescriptor, HostMatch> match,
        string? output,
        IProgress<(long Done, long Total)>? progress,
        CancellationToken cancellation)
    {
        var (entry, manifest, location) = appliance;
        var where = $"the manifest of {entry.Reference} in {location}";
        if (Path.GetFileName(manifest.DescriptorFile) != manifest.DescriptorFile || manifest.DescriptorFile is "." or ".." || manifest.DescriptorFile.Length == 0)
        {
            throw new InvalidDataException($"{where} names descriptor file '{manifest.DescriptorFile}', which is not a plain file name");
        }

        var folder = Path.GetFullPath(output ?? Path.Combine(cache.Appliances, SafeName(manifest.Name), SafeName(manifest.Version ?? "latest")));
        Directory.CreateDirectory(folder);
        var descriptorPath = Path.Combine(folder, manifest.DescriptorFile);
        var descriptorBytes = await SmallBlobs.ReadAsync(blobs, manifest.Descriptor, $"the descriptor of {entry.Reference}", cancellation);
        var temporary = DiskImages.TemporaryFile.For(descriptorPath);
        await File.WriteAllBytesAsync(temporary, descriptorBytes, cancellation);
        File.Move(temporary, descriptorPath, overwrite: true);
        var descriptor = DescriptorReader.Load(descriptorPath);

        var hostMatch = match(descriptor);
        if (hostMatch.Chosen is not { } chosen)
        {
            throw new NotSupportedException($"no variant of {entry.Reference} runs on {hostMatch.Host}; nothing was downloaded:\n" + hostMatch.ReasonLines());
        }

        var variant = descriptor.Boots[chosen];
        var files = VariantFiles(manifest, descriptor, variant, where);
        var total = files.Where(d => !cache.Has(d.Content)).Sum(d => d.Blob.Size);
        long done = 0;
        long downloaded = 0;
        var bytes = new CallbackProgress<long>(n => progress?.Report((done += n, total)));
        foreach (var file in files)
        {
            var (path, fetched) = await cache.EnsureAsync(blobs, file, bytes, cancellation);
            downloaded += fetched;
            Link(Path.Combine(folder, file.File), path);
        }

        cache.RegisterFolder(folder);
        return new PullResult(descriptorPath, entry, hostMatch, variant.Id, downloaded, files.Sum(d => d.Blob.Size), appliance.AllVariantsBytes);
    }

    /// <summary>The disks and boot files <paramref name="variant"/> needs, each file name checked against the descriptor.</summary>
    private static List<ManifestDisk> VariantFiles(ApplianceManifest manifest, ApplianceDescriptor descriptor, BootVariant variant, string where)
    {
        var wantedFiles = variant.BootFiles.ToHashSet();
        var missingFile = wantedFiles.FirstOrDefault(f => manifest.BootFiles.All(b => b.File != f));
        if (missingFile is not null)
        {
            throw new InvalidDataException($"{where} lacks {missingFile}, which variant '{variant.Id}' boots");
        }

        var disks = manifest.Disks.Where(d => variant.DiskIds.Contains(d.Id)).ToList();
        var bootFiles = manifest.BootFiles.Where(b => wantedFiles.Contains(b.File)).ToList();
        foreach (var disk in disks.Concat(bootFiles))
        {
            if (DescriptorPaths.Problem(disk.File) is { } problem)
            {
                throw new InvalidDataException($"{where}: '{disk.Id}' file {problem}");
            }
        }

        foreach (var disk in disks.Where(d => descriptor.FindDisk(d.Id)?.File != d.File))
        {
            throw new InvalidDataException($"{where}: disk '{disk.Id}' is '{disk.File}', the descriptor says '{descriptor.FindDisk(disk.Id)?.File}'");
        }

        return [.. disks, .. bootFiles];
    }

    /// <summary>NAME (the highest version) or NAME:VERSION among an index's entries.</summary>
    public static IndexEntry Resolve(IEnumerable<IndexEntry> entries, string reference, string location)
    {
        var colon = reference.IndexOf(':');
        var name = colon < 0 ? reference : reference[..colon];
        var version = colon < 0 ? null : reference[(colon + 1)..];
        var candidates = entries.Where(a => a.Name == name).ToList();
        if (candidates.Count == 0)
        {
            throw new FileNotFoundException($"{location} has no appliance named '{name}' (see 'virt-appliance search')");
        }

        return version is null
            ? candidates.OrderBy(a => a.Version, VersionOrder.Instance).ThenBy(a => a.Release, VersionOrder.Instance).Last()
            : candidates.Where(a => a.Version == version).OrderBy(a => a.Release, VersionOrder.Instance).LastOrDefault()
                ?? throw new FileNotFoundException($"{location} has '{name}' in versions {string.Join(", ", candidates.Select(c => c.Version))}, not {version}");
    }

    internal static void Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = DiskImages.TemporaryFile.For(path);
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
