using VirtAppliance.Descriptors.Model;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Sources;

/// <summary>Maps a repository location to its kind (the one place that does), and reads several sources in order.</summary>
public static class ApplianceSources
{
    /// <summary>Every kind of location, tried in order: adding one is a folder and a line here. The folder kind takes anything, so it is last.</summary>
    public static IReadOnlyList<SourceKind> Kinds { get; } = [OciSource.Kind, HttpBackend.Kind, DirectoryBackend.Kind];

    /// <summary>oci://... is a registry; http(s)://... a server; anything else (file://... or a path) a folder.</summary>
    public static IApplianceSource Open(RepositorySource source, SourceSettings settings) =>
        Kinds.First(kind => kind.Matches(source.Uri)).Open(source, settings);

    /// <summary>The first source that has <paramref name="reference"/>, with the appliance; the first source's "not found" otherwise.</summary>
    public static async Task<(IApplianceSource Source, PublishedAppliance Appliance)> FindFirstAsync(IEnumerable<IApplianceSource> sources, string reference, CancellationToken cancellation)
    {
        FileNotFoundException? notFound = null;
        foreach (var source in sources)
        {
            try
            {
                return (source, await source.FindAsync(reference, cancellation));
            }
            catch (FileNotFoundException error)
            {
                notFound ??= error;
            }
        }

        throw notFound ?? new FileNotFoundException($"no repository has '{reference}'");
    }

    /// <summary>Pulls <paramref name="reference"/> from the first source that has it.</summary>
    public static async Task<PullResult> PullFirstAsync(
        IEnumerable<IApplianceSource> sources,
        string reference,
        Func<ApplianceDescriptor, HostMatch> match,
        string? output,
        IProgress<(long Done, long Total)>? progress,
        CancellationToken cancellation)
    {
        var (source, appliance) = await FindFirstAsync(sources, reference, cancellation);
        return await source.PullAsync(appliance, match, output, progress, cancellation);
    }
}
