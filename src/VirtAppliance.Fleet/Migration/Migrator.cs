using VirtAppliance.Deployment;
using VirtAppliance.Deployment.Connections;
using VirtAppliance.Deployment.Instances;
using VirtAppliance.Deployment.Storage;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Fleet.Migration;

/// <summary>
/// Moves an instance between remote hosts with libvirt's migration: live (the guest keeps running; only each disk's
/// top layer is copied, its base being at the destination already, uploaded once like any shared file) or offline (a
/// stopped instance: its definition moves, its overlays are copied through this machine). The migration is recorded
/// in the instance's plan before anything happens, so a run killed at any step is finished or undone by
/// <see cref="Settle"/>: exactly one host has the domain defined, and no volume of the instance is left on the other.
/// </summary>
public sealed class Migrator(StateDirectory state, Func<string, HypervisorSession> open)
{
    /// <summary>Called at each of <see cref="MigrationSteps.All"/> (tests stop the process there).</summary>
    public Action<string> StepReached { get; init; } = _ => { };

    public IProgress<long>? UploadProgress { get; init; }

    public InstancePlan Migrate(InstancePlan plan, string destinationUri, string poolName, bool offline, CancellationToken cancellation)
    {
        if (plan.Migration is not null)
        {
            plan = Settle(plan);
        }

        if (plan.Pool is null)
        {
            throw new NotSupportedException($"'{plan.Name}' runs on {plan.ConnectionUri}, whose disks are files on this machine: migrate moves instances between remote hosts (deploy them with --fleet or --connect)");
        }

        if (destinationUri == plan.ConnectionUri)
        {
            throw new ArgumentException($"'{plan.Name}' is on {destinationUri} already");
        }

        using var source = open(plan.ConnectionUri);
        using var destination = open(destinationUri);
        using var domain = source.Connection.FindDomainByUuid(plan.Uuid)
            ?? throw new InstanceStateException($"'{plan.Name}' has no domain on {plan.ConnectionUri} (run 'virt-appliance reconcile {plan.Name}')");
        var running = domain.IsActive;
        if (offline && running)
        {
            throw new InstanceStateException($"'{plan.Name}' is running: --offline moves a stopped instance (stop it first), or migrate it live without --offline");
        }

        if (plan.HasInstallPhase && domain.GetMetadata(InstanceMetadata.Namespace, ModificationImpact.Config) is { } metadata
            && InstanceMetadata.Parse(metadata)?.Phase is not InstancePhase.Run)
        {
            throw new InstanceStateException($"'{plan.Name}' is still in its install phase: migrate it once it runs");
        }

        offline = !running;
        var target = Retarget(plan, destinationUri, RemotePools.Ensure(destination.Connection, poolName));
        var store = new InstanceStore(state);
        store.Save(plan with { Migration = new PendingMigration(destinationUri, offline, target) });
        StepReached(MigrationSteps.Recorded);

        Prepare(source, destination, plan, target, offline, cancellation);
        StepReached(MigrationSteps.DestinationPrepared);

        var flags = MigrationFlags.PersistDestination | MigrationFlags.UndefineSource
            | (offline ? MigrationFlags.Offline : MigrationFlags.Live | MigrationFlags.CopyTopStorage);
        var xml = target.Pool!.TargetPath == plan.Pool.TargetPath ? null : Repath(domain.GetXmlDescription(DomainXmlFlags.Secure | DomainXmlFlags.Migratable), plan, target);
        try
        {
            domain.Migrate(destination.Connection, flags, offline ? null : MigrationAddress(destinationUri), xml).Dispose();
        }
        catch (LibvirtException)
        {
            // Nothing moved: the volumes made at the destination go, the instance stays where it was.
            Settle(store.Load(plan.Name));
            throw;
        }

        StepReached(MigrationSteps.Migrated);
        return Finish(source, plan, target);
    }

    /// <summary>
    /// Finishes a recorded migration whose domain reached the destination, or undoes one whose domain did not; returns
    /// the plan as it is now. Where both hosts define the domain (a crash inside libvirt's own protocol), the copy
    /// that runs is kept.
    /// </summary>
    public InstancePlan Settle(InstancePlan plan)
    {
        var migration = plan.Migration ?? throw new ArgumentException($"'{plan.Name}' has no migration under way");
        var target = migration.Destination;
        var atSource = plan with { Migration = null };
        using var source = open(plan.ConnectionUri);
        using var destination = open(migration.DestinationUri);
        using var there = destination.Connection.FindDomainByUuid(plan.Uuid);
        using var here = source.Connection.FindDomainByUuid(plan.Uuid);
        if (there is not null && here is not null)
        {
            var (keep, drop) = there.IsActive || !here.IsActive ? (there, here) : (here, there);
            if (drop.IsActive)
            {
                drop.Destroy();
            }

            if (drop.IsPersistent)
            {
                drop.Undefine(UndefineFlags.ManagedSave | UndefineFlags.SnapshotsMetadata | UndefineFlags.Nvram);
            }

            return ReferenceEquals(keep, there) ? Finish(source, atSource, target) : Undo(destination, atSource, target);
        }

        if (there is not null)
        {
            return Finish(source, atSource, target);
        }

        if (here is not null)
        {
            return Undo(destination, atSource, target);
        }

        throw new InstanceStateException($"'{plan.Name}' is defined neither on {plan.ConnectionUri} nor on {migration.DestinationUri}: its migration cannot be finished; undeploy it");
    }

    /// <summary>The plan as it is on the destination: same identity and volumes, paths in the destination's pool.</summary>
    internal static InstancePlan Retarget(InstancePlan plan, string destinationUri, RemotePool pool)
    {
        var shared = plan.SharedFiles.Select(f => f with { HostPath = pool.HostPath(f.Volume) }).ToList();
        var moved = plan with
        {
            ConnectionUri = destinationUri,
            Pool = pool,
            SharedFiles = shared,
            Disks = plan.Disks.Select(d => d with
            {
                Path = d.Volume is not null ? pool.HostPath(d.Volume)
                    : plan.SharedFiles.Any(f => f.HostPath == d.Path) ? pool.HostPath(Path.GetFileName(d.Path)) : d.Path,
                BaseHostPath = d.BaseHostPath is null ? null : pool.HostPath(Path.GetFileName(d.BaseHostPath)),
            }).ToList(),
            ConsoleLog = pool.HostPath(RemotePool.ConsoleLogVolume(plan.Name, install: false)),
            InstallLog = plan.InstallLog is null ? null : pool.HostPath(RemotePool.ConsoleLogVolume(plan.Name, install: true)),
            Migration = null,
        };
        return moved with { FinalXml = Repath(plan.FinalXml, plan, moved), InstallXml = plan.InstallXml is null ? null : Repath(plan.InstallXml, plan, moved) };
    }

    /// <summary>The XML with every path of the plan's pool replaced by the destination's.</summary>
    private static string Repath(string xml, InstancePlan from, InstancePlan to) =>
        from.Pool!.TargetPath == to.Pool!.TargetPath ? xml : xml.Replace(from.Pool.TargetPath.TrimEnd('/') + "/", to.Pool.TargetPath.TrimEnd('/') + "/", StringComparison.Ordinal);

    private void Prepare(HypervisorSession source, HypervisorSession destination, InstancePlan plan, InstancePlan target, bool offline, CancellationToken cancellation)
    {
        using var pool = OpenPool(destination, target);
        foreach (var file in target.SharedFiles)
        {
            if (!File.Exists(file.LocalPath))
            {
                throw new FileNotFoundException($"{file.LocalPath} (the appliance's file behind volume {file.Volume}) is not on this machine any more: it is needed to put the instance's base on {target.ConnectionUri}", file.LocalPath);
            }

            SharedVolumes.Ensure(pool, file, UploadProgress, cancellation);
        }

        var folder = new InstanceStore(state).FolderOf(plan.Name);
        using var sourcePool = offline ? OpenPool(source, plan) : null;
        foreach (var disk in target.Disks.Where(d => d.CreatedByDeploy && d.Volume is not null))
        {
            if (offline)
            {
                InstanceVolumes.Copy(sourcePool!, pool, target, disk, folder, cancellation);
            }
            else
            {
                // libvirt copies the running guest's top layers into these (NON_SHARED_INC) and finds them in place.
                InstanceVolumes.UploadNew(pool, target, disk, folder, null, UploadProgress, cancellation);
            }
        }
    }

    private InstancePlan Finish(HypervisorSession source, InstancePlan atSource, InstancePlan target)
    {
        using (var pool = LibvirtStoragePool.Find(source.Connection, atSource.Pool!.Name))
        {
            if (pool is not null)
            {
                InstanceVolumes.Delete(pool, atSource, InstanceVolumes.Of(atSource));
            }
        }

        StepReached(MigrationSteps.SourceCleaned);
        new InstanceStore(state).Save(target);
        return target;
    }

    private InstancePlan Undo(HypervisorSession destination, InstancePlan atSource, InstancePlan target)
    {
        using (var pool = LibvirtStoragePool.Find(destination.Connection, target.Pool!.Name))
        {
            if (pool is not null)
            {
                InstanceVolumes.Delete(pool, target, InstanceVolumes.Of(target));
            }
        }

        new InstanceStore(state).Save(atSource);
        return atSource;
    }

    private static LibvirtStoragePool OpenPool(HypervisorSession session, InstancePlan plan) =>
        LibvirtStoragePool.Find(session.Connection, plan.Pool!.Name)
        ?? throw new InvalidDataException($"storage pool '{plan.Pool.Name}' is gone from {plan.ConnectionUri}");

    /// <summary>Where the source QEMU sends the guest: the destination's address from its URI.</summary>
    private static string? MigrationAddress(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Host.Length > 0 ? $"tcp://{parsed.Host}" : null;
}
