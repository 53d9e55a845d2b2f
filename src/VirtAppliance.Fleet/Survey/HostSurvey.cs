using VirtAppliance.Deployment;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Fleet.Inventory;
using VirtAppliance.Hosts.Probing;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Fleet.Survey;

/// <summary>
/// Connects to every host at once, each with its own time limit: a host that does not answer is reported as such and
/// never holds up the others (its connection attempt is left to finish in the background and is then closed).
/// </summary>
public static class HostSurvey
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<HostReport>> SurveyAsync(IReadOnlyList<FleetHost> hosts, StateDirectory state, Func<KvmProbe.Result> kvm, TimeSpan timeout, CancellationToken cancellation)
    {
        var surveys = hosts.Select(host => (host, task: Task.Run(() => Survey(host, state, kvm), CancellationToken.None))).ToList();
        var reports = new List<HostReport>(hosts.Count);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (host, task) in surveys)
        {
            try
            {
                reports.Add(await task.WaitAsync(Remaining(deadline), cancellation));
            }
            catch (TimeoutException)
            {
                _ = task.ContinueWith(t => t.Result.Connection?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                reports.Add(Unreachable(host, $"did not answer within {timeout.TotalSeconds:0} s"));
            }
        }

        return reports;
    }

    private static TimeSpan Remaining(DateTime deadline) => deadline > DateTime.UtcNow ? deadline - DateTime.UtcNow : TimeSpan.Zero;

    private static HostReport Survey(FleetHost host, StateDirectory state, Func<KvmProbe.Result> kvm)
    {
        ConnectedHost? connected = null;
        try
        {
            connected = ConnectedHost.Connect(host.Uri, state, kvm);
            var resources = connected.Session.Connection.GetResources();
            var vcpus = 0;
            var memoryKiB = 0L;
            var running = 0;
            foreach (var domain in connected.Session.Connection.ListAllDomains())
            {
                using (domain)
                {
                    if (!domain.IsActive)
                    {
                        continue;
                    }

                    var held = domain.GetResources();
                    vcpus += held.Vcpus;
                    memoryKiB += held.MaxMemoryKiB;
                    running++;
                }
            }

            return new HostReport(host, connected, null, resources, vcpus, memoryKiB / 1024, running);
        }
        catch (Exception error) when (error is LibvirtException or InvalidDataException or IOException)
        {
            connected?.Dispose();
            return Unreachable(host, error.Message);
        }
    }

    private static HostReport Unreachable(FleetHost host, string error) => new(host, null, error, null, 0, 0, 0);
}
