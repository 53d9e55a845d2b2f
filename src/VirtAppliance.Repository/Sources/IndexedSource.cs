using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Publishing;
using VirtAppliance.Repository.Signing;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Sources;

/// <summary>A folder or an HTTP server holding a signed index.json, manifests and content-addressed blobs.</summary>
public sealed class IndexedSource(string name, IRepositoryBackend backend, SourceSettings settings) : IApplianceSource
{
    private readonly IndexReader reader = new(settings.Key, settings.Insecure, settings.StateFolder, settings.Warn);

    public string Name { get; } = name;

    public string Location => backend.Location;

    public async Task<IReadOnlyList<IndexEntry>> ListAsync(CancellationToken cancellation) =>
        (await reader.ReadAsync(backend, cancellation)).Appliances;

    public async Task<PublishedAppliance> FindAsync(string reference, CancellationToken cancellation)
    {
        var entry = ApplianceDownload.Resolve(await ListAsync(cancellation), reference, Location);
        var what = $"the manifest of {entry.Reference}";
        var manifest = RepositoryJson.Deserialize<ApplianceManifest>(await SmallBlobs.ReadAsync(backend, entry.Manifest, what, cancellation), what);
        return new PublishedAppliance(entry, manifest, Location);
    }

    public Task<PullResult> PullAsync(PublishedAppliance appliance, Func<ApplianceDescriptor, HostMatch> match, string? output, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation) =>
        ApplianceDownload.PullAsync(backend, appliance, settings.Cache, match, output, progress, cancellation);

    public async Task<PublishOutcome> PublishAsync(string descriptorPath, SigningKey? key, bool replace, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation)
    {
        var work = settings.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"virt-appliance-publish-{Guid.NewGuid():N}");
        try
        {
            var result = await new Publisher(backend, key, work).PublishAsync(descriptorPath, replace, progress, cancellation);
            return new PublishOutcome(result.Entry, Location, result.Entry.Manifest.Digest, result.Serial, null, result.BlobsUploaded, result.BytesUploaded, result.BlobsReused, key is not null);
        }
        finally
        {
            if (settings.WorkFolder is null && Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    public void Dispose() => backend.Dispose();
}
