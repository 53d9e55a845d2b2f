using VirtAppliance.Customization.Recipes;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Planning;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Descriptors.Reading;
using VirtAppliance.Hosts.Matching;
using VirtAppliance.Hosts.Probing;

namespace VirtAppliance.Deployment.Deploying;

/// <summary>
/// Deploys an appliance as a new instance: pull it when named, choose the variant for the connection's host, check the
/// recipe, plan, verify the disks, create the instance (install phase first when there is one) and wait for what was
/// asked. Interrupted at any moment, a later command finishes it (<see cref="InstanceManager.Reconcile"/>).
/// </summary>
public sealed class Deployer(StateDirectory state, IDeployReporter reporter, Func<KvmProbe.Result> kvm)
{
    /// <summary>Called at each step boundary of a deployment (tests stop the process there).</summary>
    public Action<string> StepReached { get; init; } = _ => { };

    /// <summary>Connects to <paramref name="uri"/> while the descriptor is read, then deploys there.</summary>
    public async Task<DeployOutcome> DeployAsync(string uri, DeployRequest request, CancellationToken cancellation)
    {
        // The KVM probe, the connection (for the embedded driver, its start-up) and the host's capabilities come while
        // the descriptor is read.
        var connecting = Task.Run(() => ConnectedHost.Connect(uri, state, kvm), cancellation);
        ApplianceDescriptor? local;
        try
        {
            local = IsFetched(request) ? null : DescriptorReader.Load(request.Appliance);
        }
        catch
        {
            _ = connecting.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        using var host = await connecting;
        return await DeployAsync(host, request, local, cancellation);
    }

    /// <summary>Deploys on a host already connected (a fleet connects to several at once).</summary>
    public async Task<DeployOutcome> DeployAsync(ConnectedHost host, DeployRequest request, ApplianceDescriptor? loaded, CancellationToken cancellation)
    {
        var descriptorPath = request.Appliance;
        if (loaded is null && IsFetched(request))
        {
            // Pull only what the connection's host runs, then deploy that.
            descriptorPath = await request.Fetch!(request.Appliance, d => Match(d, host, request.Options.Boot), cancellation);
        }

        var descriptor = loaded ?? DescriptorReader.Load(descriptorPath);
        if (request.Options.Boot is { } bootChoice)
        {
            VariantMatcher.ResolveBoot(descriptor, bootChoice);
        }

        var match = Match(descriptor, host, request.Options.Boot);
        if (match.Chosen is not { } chosen)
        {
            throw new NotSupportedException($"no variant of '{descriptor.Name}' runs on {host.Uri}:\n" + match.ReasonLines());
        }

        var variant = descriptor.Boots[chosen];
        var verdict = match.Variants[chosen];
        var store = new InstanceStore(state);
        var name = InstanceNames.Validate(request.Options.Name ?? InstanceNames.FromAppliance(descriptor.Name));
        var options = WithRecipeChecked(request, name);
        if ((options.Normalize || descriptor.Devices.Normalize) && options.Normalized is null)
        {
            options = options with { Normalized = Hardware.HardwareNormalizer.Decide([host], variant, verdict.DomainType!) };
        }

        var remote = host.IsRemote
            ? new RemoteTarget(RemotePools.Ensure(host.Session.Connection, options.Pool ?? RemotePool.DefaultName), new ContentDigests(new VerifiedDiskStamps(state.VerifiedDisks)).Sha256)
            : null;
        var plan = DeploymentPlanner.Plan(descriptor, descriptorPath, variant, verdict.DomainType!, options, host.Uri, store.FolderOf(name), remote);
        if (request.DryRun)
        {
            return new DeployOutcome(plan, verdict, match.HostNotes, null, null, null, null);
        }

        reporter.Say($"connection: {host.Uri} ({request.ConnectionReason ?? (host.Session.IsEmbedded ? "libvirt's embedded QEMU driver" : "as given")})");
        reporter.Say($"variant {variant.Index} ({variant.Id}): {string.Join("; ", verdict.Reasons)}");
        foreach (var note in match.HostNotes)
        {
            reporter.Say($"note: {note}");
        }

        PublishedPortCheck.Check(plan, store.List());
        VerifyDisks(descriptor, variant, cancellation);
        // On a remote host the appliance's files are uploaded (once per host) as the instance is created.
        InstanceManager? deploying = null;
        InstanceStatus? created = null;
        reporter.Progress($"upload to {host.Uri}", plan.SharedFiles.Sum(f => f.Size), progress =>
        {
            deploying = new InstanceManager(host.Session, store)
            {
                StepReached = StepReached, UploadProgress = progress, Cancellation = cancellation, SharedFilesGate = request.SharedFilesGate,
            };
            created = deploying.Deploy(plan);
        });

        var manager = deploying!;
        var status = created!;
        reporter.Say($"deployed '{plan.Name}': phase {status.Phase}, {status.State}");
        foreach (var port in plan.Published)
        {
            reporter.Say($"published: {port}");
        }
        if (plan.HasInstallPhase && (request.WaitFor is not null || request.WaitForInstall))
        {
            reporter.Say("waiting for the install phase to finish...");
            if (!await manager.WaitForInstallAsync(plan, request.Timeout, cancellation))
            {
                return new DeployOutcome(plan, verdict, match.HostNotes, manager.Status(plan), false,
                    $"the install phase did not finish within {request.Timeout.TotalSeconds:0} s", plan.InstallLog, manager.LogTail(plan, install: true, FailureLines));
            }

            status = manager.Reconcile(plan);
            reporter.Say($"install phase done: phase {status.Phase}, {status.State}");
        }

        if (request.WaitFor is not { } text)
        {
            return new DeployOutcome(plan, verdict, match.HostNotes, manager.Status(plan), null, null, null);
        }

        var found = await ConsoleLog.WaitForAsync(position => manager.ReadLog(plan, install: false, position), InstanceManager.LogPollInterval(plan),
            text, 0, request.Timeout, () => manager.IsActive(plan), cancellation);
        if (!found)
        {
            var why = manager.IsActive(plan)
                ? $"'{text}' did not appear on the console within {request.Timeout.TotalSeconds:0} s"
                : $"the guest stopped without printing '{text}'";
            return new DeployOutcome(plan, verdict, match.HostNotes, manager.Status(plan), false, why, plan.ConsoleLog, manager.LogTail(plan, install: false, FailureLines));
        }

        reporter.Say($"'{text}' appeared on the console of '{plan.Name}'");
        return new DeployOutcome(plan, verdict, match.HostNotes, manager.Status(plan), true, null, null);
    }

    /// <summary>Console lines shown when a wait fails.</summary>
    private const int FailureLines = 20;

    private static bool IsFetched(DeployRequest request) => request.Fetch is not null && !File.Exists(request.Appliance);

    private static HostMatch Match(ApplianceDescriptor descriptor, ConnectedHost host, string? boot) =>
        VariantMatcher.Match(descriptor, HostDiscovery.WithFirmware(host.Capabilities, host.Session, descriptor), boot);

    /// <summary>The recipe read now, so that a bad one stops the deploy before anything is created.</summary>
    private static DeployOptions WithRecipeChecked(DeployRequest request, string name)
    {
        if (request.Options.Recipe is not { } recipe)
        {
            return request.Options;
        }

        var variables = RecipeVariables.Parse(request.RecipeVariables, name, request.Index);
        var parsed = (recipe with { Variables = variables }).Read();
        if (recipe.AsSeed)
        {
            Customization.Seeds.CloudConfigCompiler.Compile(parsed, name);
        }

        return request.Options with { Recipe = recipe with { Variables = variables } };
    }

    /// <summary>The variant's shipped disks exist and match their checksums, before anything is created.</summary>
    private void VerifyDisks(ApplianceDescriptor descriptor, BootVariant variant, CancellationToken cancellation)
    {
        var baseDirectory = descriptor.BaseDirectory!;
        var wanted = variant.DiskIds.ToHashSet();
        var disks = descriptor.Disks
            .Where(d => wanted.Contains(d.Id) && (d.Use == DiskUse.System || d.IsCdrom))
            .Select(d => (Disk: d, Path: DescriptorPaths.Resolve(baseDirectory, d.File)))
            .ToList();
        foreach (var (disk, path) in disks.Where(d => !File.Exists(d.Path)))
        {
            throw new FileNotFoundException($"disk '{disk.Id}' of the appliance is missing: {path}", path);
        }

        var stamps = new VerifiedDiskStamps(state.VerifiedDisks);
        var total = ChecksumVerifier.BytesToVerify(disks, stamps);
        reporter.Progress("verify disks", total, progress => ChecksumVerifier.Verify(disks, progress, cancellation, stamps));
    }
}
