using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Signing;

namespace VirtAppliance.Repository.Sources;

/// <summary>
/// A place appliances are published to and pulled from: a folder or an HTTP server holding a signed index
/// (<see cref="IndexedSource"/>), or an OCI registry (<see cref="OciSource"/>). <see cref="ApplianceSources.Open"/> is
/// the one place that maps a location to its kind.
/// </summary>
public interface IApplianceSource : IDisposable
{
    /// <summary>The configured name, or the location when the user gave one directly.</summary>
    string Name { get; }

    /// <summary>The folder, URL or oci:// reference.</summary>
    string Location { get; }

    /// <summary>Every appliance version the source offers, verified as pulling would verify it.</summary>
    Task<IReadOnlyList<IndexEntry>> ListAsync(CancellationToken cancellation);

    /// <summary>NAME (its highest version) or NAME:VERSION; <see cref="FileNotFoundException"/> when the source lacks it.</summary>
    Task<PublishedAppliance> FindAsync(string reference, CancellationToken cancellation);

    /// <summary>
    /// Fetches the descriptor, lets <paramref name="match"/> choose the variant for the target host, then downloads only
    /// that variant's disks and boot files into the cache and lays the appliance out in <paramref name="output"/>
    /// (default: the cache's appliances/NAME/VERSION).
    /// </summary>
    Task<PullResult> PullAsync(PublishedAppliance appliance, Func<ApplianceDescriptor, HostMatch> match, string? output, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation);

    /// <summary>Publishes a descriptor and its disks; signed when <paramref name="key"/> is given.</summary>
    Task<PublishOutcome> PublishAsync(string descriptorPath, SigningKey? key, bool replace, IProgress<(long Done, long Total)>? progress, CancellationToken cancellation);
}
