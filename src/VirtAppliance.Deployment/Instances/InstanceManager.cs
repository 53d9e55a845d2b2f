using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Instances;

/// <summary>
/// Creates instances from plans and drives them to their final state. Every step is idempotent and the state lives in
/// the plan file and the domain's metadata, so <see cref="Reconcile"/> finishes whatever an interrupted run left.
/// </summary>
public sealed class InstanceManager(HypervisorSession session, InstanceStore store)
{
    /// <summary>How long stop waits for a guest to power off before telling the user to use --force.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(60);

    public InstanceStore Store { get; } = store;

    /// <summary>Called at each of <see cref="DeploymentSteps.All"/> as deploy or reconcile passes it.</summary>
    public Action<string> StepReached { get; init; } = _ => { };

    /// <summary>Bytes uploaded to a remote host's pool, as they go.</summary>
    public IProgress<long>? UploadProgress { get; init; }

    public CancellationToken Cancellation { get; init; }

    /// <summary>Held while shared files are put on a remote host (see <see cref="Deploying.DeployRequest.SharedFilesGate"/>).</summary>
    public SemaphoreSlim? SharedFilesGate { get; init; }

    /// <summary>Live and persistent hardware changes of this connection's instances.</summary>
    public Hardware.HardwareChanger Hardware => new(session.Connection, this);

    /// <summary>Records the plan, then creates disks and domain(s) and starts the right phase.</summary>
    public InstanceStatus Deploy(InstancePlan plan)
    {
        if (Store.TryLoad(plan.Name) is not null)
        {
            throw new InstanceExistsException($"an instance named '{plan.Name}' already exists (see 'virt-appliance status {plan.Name}'; choose another --name or undeploy it)");
        }

        using (var taken = session.Connection.FindDomainByName(plan.Name))
        {
            if (taken is not null)
            {
                throw new InstanceExistsException($"the connection already has a domain named '{plan.Name}' that this tool did not deploy; choose another --name");
            }
        }

        var userDisksBefore = StorageOf(plan).ExistingUserDisks(plan);
        Store.Save(plan);
        StepReached("plan-saved");
        try
        {
            return Reconcile(plan);
        }
        catch
        {
            // A failure (not a kill) leaves nothing behind: no domain, no overlay, no plan; user disks that were
            // there before stay.
            RollBack(plan, userDisksBefore);
            throw;
        }
    }

    /// <summary>Finishes an interrupted deployment or an install → run transition; returns the resulting status.</summary>
    public InstanceStatus Reconcile(InstancePlan plan)
    {
        var domain = session.Connection.FindDomainByUuid(plan.Uuid);
        if (domain is null)
        {
            domain = CreateDomains(plan);
            if (domain is null)
            {
                return Describe(plan, null);
            }
        }

        using (domain)
        {
            if (!domain.IsPersistent)
            {
                // Killed between creating the install domain and defining the final one: define it now.
                session.Connection.DefineDomain(plan.FinalXml).Dispose();
                StepReached("defined");
            }

            Advance(plan, domain);
            return Describe(plan, domain);
        }
    }

    public InstanceStatus Status(InstancePlan plan)
    {
        using var domain = session.Connection.FindDomainByUuid(plan.Uuid);
        return Describe(plan, domain);
    }

    /// <summary>Starts the instance; false when it was running already.</summary>
    public bool Start(InstancePlan plan)
    {
        using var domain = Require(plan);
        if (domain.IsActive)
        {
            return false;
        }

        domain.Start();
        return true;
    }

    /// <summary>Asks the guest to power off and waits; with <paramref name="force"/>, cuts the power.</summary>
    public async Task StopAsync(InstancePlan plan, bool force, TimeSpan timeout, CancellationToken cancellation)
    {
        using var domain = Require(plan);
        if (!domain.IsActive)
        {
            return;
        }

        if (force)
        {
            domain.Destroy();
            return;
        }

        domain.Shutdown();
        if (!await HypervisorSession.WaitForShutoffAsync(domain, timeout, cancellation))
        {
            throw new TimeoutException($"'{plan.Name}' did not power off within {timeout.TotalSeconds:0} s (the guest may ignore ACPI); use 'virt-appliance stop {plan.Name} --force'");
        }
    }

    /// <summary>
    /// Removes the domain, then the files deploy created, then the plan (last, so a retry can finish the job). A running
    /// instance is refused unless <paramref name="force"/> (its power is then cut, as docker rm -f does).
    /// </summary>
    public void Undeploy(InstancePlan plan, bool purge, bool force)
    {
        if (!force && IsActive(plan))
        {
            throw new InstanceStateException($"'{plan.Name}' is running: stop it first ('virt-appliance stop {plan.Name}'), or give --force to cut its power and remove it");
        }

        RemoveDomain(plan);
        StorageOf(plan).Remove(plan, purge);
        Store.Remove(plan.Name);
    }

    private void RollBack(InstancePlan plan, IReadOnlySet<string> keep)
    {
        try
        {
            RemoveDomain(plan);
            StorageOf(plan).RollBack(plan, keep);
            Store.Remove(plan.Name);
        }
        catch (Exception error) when (error is LibvirtException or IOException or UnauthorizedAccessException)
        {
            // The original failure is what the user needs to see; what could not be removed, undeploy removes.
        }
    }

    /// <summary>Stops and undefines the instance's domain, if there is one (a transient one vanishes when stopped).</summary>
    private void RemoveDomain(InstancePlan plan)
    {
        using var domain = session.Connection.FindDomainByUuid(plan.Uuid);
        if (domain is null)
        {
            return;
        }

        if (domain.IsActive)
        {
            domain.Destroy();
        }

        if (domain.IsPersistent)
        {
            domain.Undefine(UndefineFlags(plan));
        }
    }

    /// <summary>Files here, or volumes in the pool of the remote host the instance is on.</summary>
    internal IInstanceStorage StorageOf(InstancePlan plan) =>
        plan.Pool is null ? InstanceDisks.Instance : new PoolDisks(session.Connection, Store.FolderOf(plan.Name), UploadProgress, Cancellation, SharedFilesGate);

    /// <summary>Waits until the install phase's guest has shut down, or the time passes; true when it has.</summary>
    public async Task<bool> WaitForInstallAsync(InstancePlan plan, TimeSpan timeout, CancellationToken cancellation)
    {
        using var domain = Require(plan);
        return PhaseOf(domain) != InstancePhase.Install || await HypervisorSession.WaitForShutoffAsync(domain, timeout, cancellation);
    }

    /// <summary>The console log's bytes after <paramref name="position"/> (at most 1 MiB), here or on the remote host.</summary>
    public byte[] ReadLog(InstancePlan plan, bool install, long position) =>
        plan.Pool is null
            ? ConsoleLog.ReadFile(LogPath(plan, install), position)
            : RemoteConsoleLog.Read(session.Connection, plan, install, position);

    /// <summary>The console log's length now: a start that waits for text reads only what the new boot writes.</summary>
    public long LogLength(InstancePlan plan, bool install)
    {
        if (plan.Pool is null)
        {
            return ConsoleLog.LengthOf(LogPath(plan, install));
        }

        var length = 0L;
        for (var chunk = ReadLog(plan, install, 0); chunk.Length > 0; chunk = ReadLog(plan, install, length))
        {
            length += chunk.Length;
        }

        return length;
    }

    /// <summary>How often to poll the log: a remote one costs a round trip or three.</summary>
    public static TimeSpan LogPollInterval(InstancePlan plan) => plan.Pool is null ? TimeSpan.FromMilliseconds(50) : RemoteConsoleLog.PollInterval;

    public IReadOnlyList<string> LogTail(InstancePlan plan, bool install, int count) =>
        plan.Pool is null ? ConsoleLog.Tail(LogPath(plan, install), count) : RemoteConsoleLog.Tail(session.Connection, plan, install, count);

    private static string LogPath(InstancePlan plan, bool install) =>
        install ? plan.InstallLog ?? throw new ArgumentException($"'{plan.Name}' has no install phase") : plan.ConsoleLog;

    /// <summary>The guest's serial console as a stream; <paramref name="force"/> takes it over from another client.</summary>
    public LibvirtConsole OpenConsole(InstancePlan plan, bool force)
    {
        using var domain = Require(plan);
        return LibvirtConsole.Open(session.Connection, domain, force ? ConsoleFlags.Force : ConsoleFlags.None);
    }

    /// <summary>The guest's addresses libvirt knows (none while it is off, or on user-mode networking).</summary>
    public IReadOnlyList<GuestAddress> Addresses(InstancePlan plan)
    {
        using var domain = session.Connection.FindDomainByUuid(plan.Uuid);
        return domain is { IsActive: true } ? domain.InterfaceAddresses() : [];
    }

    public bool IsActive(InstancePlan plan)
    {
        using var domain = session.Connection.FindDomainByUuid(plan.Uuid);
        return domain?.IsActive ?? false;
    }

    private LibvirtDomain? CreateDomains(InstancePlan plan)
    {
        using (var taken = session.Connection.FindDomainByName(plan.Name))
        {
            if (taken is not null)
            {
                throw new InstanceExistsException($"the connection has a domain named '{plan.Name}' with another UUID than this instance's ({plan.Uuid}); remove one of them");
            }
        }

        // No domain yet: nothing has run, so an install phase starts from fresh overlays.
        if (plan.Recipe is { AsSeed: true } seedRecipe)
        {
            SeedFiles.Ensure(plan, seedRecipe);
        }

        var customizer = plan.Recipe is null or { AsSeed: true } ? null : new RecipeOnOverlays(plan.Recipe);
        StorageOf(plan).Ensure(plan, fresh: plan.HasInstallPhase, afterEachDisk: () => StepReached("disk-created"), prepare: customizer is null ? null : customizer.Apply);
        customizer?.RequireApplied();
        if (plan.InstallXml is not null)
        {
            var install = session.Connection.CreateDomain(plan.InstallXml);
            StepReached("install-started");
            install.Dispose();
            var final = session.Connection.DefineDomain(plan.FinalXml);
            StepReached("defined");
            return final;
        }

        var defined = session.Connection.DefineDomain(plan.FinalXml);
        StepReached("defined");
        return defined;
    }

    private void Advance(InstancePlan plan, LibvirtDomain domain)
    {
        var phase = PhaseOf(domain);
        if (phase == InstancePhase.Install)
        {
            var state = domain.GetState();
            if (state.IsActive || state.Reason is DomainStateInfo.ShutoffCrashed or DomainStateInfo.ShutoffFailed)
            {
                return;
            }

            SetPhase(plan, domain, InstancePhase.Starting);
            StepReached("phase-starting");
            phase = InstancePhase.Starting;
        }

        if (phase == InstancePhase.Starting)
        {
            if (!domain.IsActive)
            {
                domain.Start();
                StepReached("started");
            }

            SetPhase(plan, domain, InstancePhase.Run);
            StepReached("phase-run");
        }
    }

    private static InstancePhase? PhaseOf(LibvirtDomain domain) =>
        InstanceMetadata.Parse(domain.GetMetadata(InstanceMetadata.Namespace, ModificationImpact.Config))?.Phase;

    private static void SetPhase(InstancePlan plan, LibvirtDomain domain, InstancePhase phase)
    {
        var metadata = plan.Metadata with { Phase = phase };
        domain.SetMetadata(InstanceMetadata.Namespace, InstanceMetadata.Prefix, metadata.ToMetadataXml(), ModificationImpact.Config);
    }

    private static UndefineFlags UndefineFlags(InstancePlan plan) =>
        Libvirt.UndefineFlags.ManagedSave | Libvirt.UndefineFlags.SnapshotsMetadata
        | (plan.FinalXml.Contains("firmware=\"efi\"", StringComparison.Ordinal) ? Libvirt.UndefineFlags.Nvram : Libvirt.UndefineFlags.None);

    private LibvirtDomain Require(InstancePlan plan) =>
        session.Connection.FindDomainByUuid(plan.Uuid)
        ?? throw new InstanceStateException($"instance '{plan.Name}' has no domain on {plan.ConnectionUri} (run 'virt-appliance reconcile {plan.Name}')");

    /// <summary>
    /// virsh's "state (reason)". The embedded driver forgets why an inactive domain stopped when the next process
    /// starts it again, so there a shut-off domain shows no reason: every command then reports the same state.
    /// </summary>
    private string StateText(DomainStateInfo state) =>
        session.IsEmbedded && !state.IsActive ? state.StateName : state.ToString();

    private InstanceStatus Describe(InstancePlan plan, LibvirtDomain? domain)
    {
        var metadata = plan.Metadata;
        if (domain is null)
        {
            return new InstanceStatus(plan.Name, metadata.Appliance, metadata.Version, metadata.Variant, InstanceStatus.Incomplete, InstanceStatus.Missing, plan.ConnectionUri);
        }

        var phase = PhaseOf(domain);
        var state = domain.GetState();
        var detail = phase == InstancePhase.Install && state.Reason is DomainStateInfo.ShutoffCrashed or DomainStateInfo.ShutoffFailed && !state.IsActive
            ? $"the install phase ended abnormally ({state}); see {plan.InstallLog}, then undeploy and deploy again"
            : null;
        return new InstanceStatus(
            plan.Name,
            metadata.Appliance,
            metadata.Version,
            metadata.Variant,
            phase is { } known ? InstanceMetadata.PhaseName(known) : "unknown",
            StateText(state),
            plan.ConnectionUri,
            detail);
    }
}
