using VirtAppliance.Cli.Hypervisor;
using VirtAppliance.Cli.Output;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Fleet.Survey;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Cli.Commands.Hosts;

/// <summary><c>hosts prune</c>: shared volumes (va-shared-*) that no instance of this tool uses, removed from each host's pool.</summary>
internal sealed class HostPruner(CommandOutput output)
{
    public async Task<int> RunAsync(bool json, TimeSpan timeout, CancellationToken cancellation)
    {
        var reports = await HostSurvey.SurveyAsync(HostInventory.ForUser().Load(), HypervisorAccess.State, HypervisorAccess.Kvm, timeout, cancellation);
        var plans = HypervisorAccess.Store().List();
        var results = new List<PrunedHost>();
        try
        {
            foreach (var report in reports)
            {
                if (report.Connection is not { } host)
                {
                    output.WriteError($"host '{report.Host.Name}' ({report.Host.Uri}) is unreachable, nothing removed there: {report.Error}");
                    continue;
                }

                // Files an instance there uses, or will use once a pending migration to it finishes, stay.
                var used = plans.Where(p => p.ConnectionUri == report.Host.Uri).SelectMany(p => p.SharedFiles)
                    .Concat(plans.Where(p => p.Migration?.DestinationUri == report.Host.Uri).SelectMany(p => p.Migration!.Destination.SharedFiles))
                    .Select(f => f.Volume)
                    .ToHashSet(StringComparer.Ordinal);
                using var pool = LibvirtStoragePool.Find(host.Session.Connection, report.Host.Pool);
                if (pool is null)
                {
                    results.Add(new PrunedHost(report.Host.Name, [], 0));
                    continue;
                }

                pool.Refresh();
                // So do files a volume there is backed by: instances deployed from another machine, overlays made by hand.
                var names = pool.VolumeNames();
                used.UnionWith(BackingFiles(pool, names).Select(Path.GetFileName).OfType<string>());
                var removed = new List<string>();
                var bytes = 0L;
                foreach (var volume in names.Where(v => RemotePool.IsShared(v) && !v.EndsWith(RemotePool.CompleteSuffix, StringComparison.Ordinal) && !used.Contains(v)))
                {
                    using (var found = pool.FindVolume(volume))
                    {
                        bytes += found?.Capacity ?? 0;
                    }

                    SharedVolumes.Remove(pool, volume);
                    removed.Add(volume);
                }

                results.Add(new PrunedHost(report.Host.Name, removed, bytes));
            }
        }
        finally
        {
            FleetSurvey.Close(reports);
        }

        if (json)
        {
            output.WriteJson(results, CliJsonContext.Default.ListPrunedHost);
        }
        else
        {
            foreach (var result in results)
            {
                output.WriteLine($"{result.Host}: removed {result.Volumes.Count} unused appliance files ({ByteSize.Format(result.Bytes)})");
            }
        }

        return reports.All(r => r.Reachable) ? ExitCodes.Success : ExitCodes.Unsupported;
    }

    private static IEnumerable<string> BackingFiles(LibvirtStoragePool pool, IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => !RemotePool.IsShared(n)))
        {
            using var volume = pool.FindVolume(name);
            if (volume?.BackingPath is { } backing)
            {
                yield return backing;
            }
        }
    }
}

/// <summary>What <c>hosts prune</c> removed from one host.</summary>
internal sealed record PrunedHost(string Host, IReadOnlyList<string> Volumes, long Bytes);
