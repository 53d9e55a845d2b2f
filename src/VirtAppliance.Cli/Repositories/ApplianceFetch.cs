using VirtAppliance.Cli.Output;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Repository.Client;

namespace VirtAppliance.Cli.Repositories;

/// <summary>Pulls NAME[:VERSION] from the first repository that has it, choosing the variant with the given matcher.</summary>
internal static class ApplianceFetch
{
    public static PullResult Pull(RepositoryAccess access, string reference, Func<ApplianceDescriptor, HostMatch> match, string? output, bool quiet, CommandOutput console, CancellationToken cancellation)
    {
        FileNotFoundException? notFound = null;
        foreach (var source in access.Sources())
        {
            if (source.Uri.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
            {
                return console.WithProgress($"pull {reference}", quiet, progress => access.OciPullerFor(source, reference)
                    .PullAsync(match, output, progress is null ? null : new Bytes(progress), cancellation).GetAwaiter().GetResult());
            }

            var puller = access.PullerFor(source);
            using (puller.Backend)
            {
                var index = puller.IndexAsync(cancellation).GetAwaiter().GetResult();
                try
                {
                    Puller.Resolve(index, reference, source.Uri);
                }
                catch (FileNotFoundException error)
                {
                    notFound ??= error;
                    continue;
                }

                return console.WithProgress($"pull {reference}", quiet, progress =>
                    puller.PullAsync(reference, match, output, progress is null ? null : new TotalsProgress(progress), cancellation).GetAwaiter().GetResult());
            }
        }

        throw notFound ?? new FileNotFoundException($"no repository has '{reference}'");
    }

    /// <summary>True when a deploy/pull argument names a repository appliance rather than a descriptor file.</summary>
    public static bool IsReference(string argument) =>
        !File.Exists(argument) && !argument.Contains('/') && !argument.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Bytes as they arrive; the total is not known before the variant is chosen.</summary>
    private sealed class Bytes(IProgress<TransferProgress> inner) : IProgress<long>
    {
        private long done;

        public void Report(long value) => inner.Report(new TransferProgress(done += value, Math.Max(done, 1)));
    }
}
