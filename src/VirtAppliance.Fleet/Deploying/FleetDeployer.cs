using System.Globalization;
using VirtAppliance.Deployment;
using VirtAppliance.Deployment.Deploying;
using VirtAppliance.Deployment.Hardware;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Fleet.Survey;
using VirtAppliance.Hosts.Probing;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Fleet.Deploying;

/// <summary>
/// Deploys a fleet plan: every instance at once, through the same <see cref="Deployer"/> as one deployment, on the
/// connection the survey opened to its host. Putting the shared files on one host takes turns (each is uploaded there
/// once); overlays, domains and waiting for the consoles do not. One instance failing does not stop the others.
/// </summary>
public sealed class FleetDeployer(StateDirectory state, Func<KvmProbe.Result> kvm, Func<string, IDeployReporter> reporterFor)
{
    public async Task<IReadOnlyList<FleetOutcome>> DeployAsync(FleetPlan plan, IReadOnlyList<HostReport> reports, ApplianceDescriptor descriptor, FleetRequest request, CancellationToken cancellation)
    {
        if (!plan.Complete)
        {
            throw new NotSupportedException(
                $"only {plan.Instances.Count} of {request.Count} instances of '{descriptor.Name}' fit on the fleet; nothing was created:\n"
                + string.Join('\n', plan.Unused.Select(u => $"  {u.Host}: {u.Reason}")));
        }

        var store = new InstanceStore(state);
        foreach (var taken in plan.Instances.Where(i => store.TryLoad(i.Name) is not null))
        {
            throw new InstanceExistsException($"an instance named '{taken.Name}' already exists; nothing was created (choose another --name, or undeploy it)");
        }

        // Each host's pool is made ready once, before its deployments start side by side.
        var used = plan.Instances.Select(i => i.Host).ToHashSet(StringComparer.Ordinal);
        await Task.WhenAll(reports.Where(r => used.Contains(r.Host.Name) && r.Connection!.IsRemote).Select(r => Task.Run(
            () => RemotePools.Ensure(r.Connection!.Session.Connection, request.Options.Pool ?? r.Host.Pool), cancellation)));
        request = Normalized(plan, reports, descriptor, request);
        var gates = reports.ToDictionary(r => r.Host.Name, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        var hosts = reports.ToDictionary(r => r.Host.Name, StringComparer.Ordinal);
        var deployments = plan.Instances.Select(instance => DeployOneAsync(instance, hosts[instance.Host], gates[instance.Host], descriptor, request, cancellation));
        return await Task.WhenAll(deployments);
    }

    /// <summary>
    /// With --normalize (or the descriptor's &lt;normalize/&gt;): one machine type and CPU model for every host the plan
    /// uses, decided once, so that instances on different hosts look the same to their guests and can migrate.
    /// </summary>
    private static FleetRequest Normalized(FleetPlan plan, IReadOnlyList<HostReport> reports, ApplianceDescriptor descriptor, FleetRequest request)
    {
        if (!request.Options.Normalize && !descriptor.Devices.Normalize)
        {
            return request;
        }

        var variants = plan.Instances.Select(i => (i.Variant.Index, i.Variant.DomainType)).Distinct().ToList();
        if (variants.Count > 1)
        {
            throw new NotSupportedException(
                $"--normalize needs one variant on every host, but the plan uses {string.Join(", ", variants.Select(v => $"{descriptor.Boots[v.Index].Id} ({v.DomainType})"))}; " +
                "give --boot ID, or --label to choose hosts alike");
        }

        var used = plan.Instances.Select(i => i.Host).ToHashSet(StringComparer.Ordinal);
        var hosts = reports.Where(r => used.Contains(r.Host.Name)).Select(r => r.Connection!).ToList();
        var normalized = HardwareNormalizer.Decide(hosts, descriptor.Boots[variants[0].Index], variants[0].DomainType);
        return request with { Options = request.Options with { Normalized = normalized } };
    }

    private async Task<FleetOutcome> DeployOneAsync(PlannedInstance instance, HostReport host, SemaphoreSlim gate, ApplianceDescriptor descriptor, FleetRequest request, CancellationToken cancellation)
    {
        var deployer = new Deployer(state, reporterFor(instance.Name), kvm);
        try
        {
            var outcome = await Task.Run(
                () => deployer.DeployAsync(
                    host.Connection!,
                    new DeployRequest
                    {
                        Appliance = request.Descriptor,
                        Options = request.Options with
                        {
                            Name = instance.Name,
                            Boot = instance.Variant.Index.ToString(CultureInfo.InvariantCulture),
                            Pool = request.Options.Pool ?? host.Host.Pool,
                        },
                        RecipeVariables = request.RecipeVariables,
                        Index = instance.Index,
                        WaitFor = request.WaitFor,
                        Timeout = request.Timeout,
                        SharedFilesGate = gate,
                        ConnectionReason = $"host '{host.Host.Name}' of the fleet",
                    },
                    descriptor,
                    cancellation),
                cancellation);
            return new FleetOutcome(instance, outcome, null);
        }
        catch (Exception error) when (error is LibvirtException or IOException or InvalidDataException or NotSupportedException or ArgumentException
                                          or InstanceExistsException or InstanceStateException or TimeoutException or UnauthorizedAccessException)
        {
            return new FleetOutcome(instance, null, error.Message);
        }
    }
}
