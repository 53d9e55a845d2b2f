using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Storage;

/// <summary>
/// An instance's disks as volumes in a remote host's pool. The appliance's files go there once per host
/// (<see cref="SharedVolumes"/>); each overlay is made here in the instance folder (over the local base, so that a
/// recipe is applied offline), pointed at the shared base's path on the host, uploaded, and then marked uploaded
/// in the instance folder: a volume without that mark is what an interrupted upload left and is made again.
/// </summary>
internal sealed class PoolDisks(LibvirtConnection connection, string instanceFolder, IProgress<long>? progress, CancellationToken cancellation, SemaphoreSlim? sharedFilesGate = null) : IInstanceStorage
{
    public void Ensure(InstancePlan plan, bool fresh, Action? afterEachDisk, Action<InstanceDisk, string>? prepare)
    {
        using var pool = Open(plan);
        sharedFilesGate?.Wait(cancellation);
        try
        {
            foreach (var file in plan.SharedFiles)
            {
                SharedVolumes.Ensure(pool, file, progress, cancellation);
            }
        }
        finally
        {
            sharedFilesGate?.Release();
        }

        foreach (var disk in plan.Disks.Where(d => d.CreatedByDeploy))
        {
            var volume = disk.Volume ?? throw new InvalidDataException($"disk '{disk.Id}' of '{plan.Name}' has no volume in its plan");
            var mark = UploadedMark(volume);
            using (var existing = pool.FindVolume(volume))
            {
                if (existing is not null && File.Exists(mark) && (!fresh || disk.Use == DiskUse.User))
                {
                    continue;
                }

                existing?.Delete();
            }

            File.Delete(mark);
            InstanceVolumes.UploadNew(pool, plan, disk, instanceFolder, disk.BasePath is not null && disk.Use == DiskUse.System ? prepare : null, progress, cancellation);
            File.WriteAllText(mark, "");
            afterEachDisk?.Invoke();
        }
    }

    public void Remove(InstancePlan plan, bool purge) =>
        Delete(plan, plan.Disks.Where(d => d.CreatedByDeploy && (purge || d.Use != DiskUse.User)).Select(d => d.Volume!));

    public void RemoveDisks(InstancePlan plan, IReadOnlyList<InstanceDisk> disks) =>
        Delete(plan, disks.Where(d => d.CreatedByDeploy).Select(d => d.Volume!));

    public IReadOnlySet<string> ExistingUserDisks(InstancePlan plan)
    {
        using var pool = Open(plan);
        return plan.Disks.Where(d => d.Use == DiskUse.User && d.Volume is not null && Exists(pool, d.Volume)).Select(d => d.Path).ToHashSet();
    }

    public void RollBack(InstancePlan plan, IReadOnlySet<string> keep) =>
        Delete(plan, plan.Disks.Where(d => d.CreatedByDeploy && !keep.Contains(d.Path)).Select(d => d.Volume!));

    /// <summary>Opens the plan's pool on this connection.</summary>
    public LibvirtStoragePool Open(InstancePlan plan)
    {
        var name = plan.Pool?.Name ?? throw new InvalidOperationException($"'{plan.Name}' has no storage pool in its plan");
        var pool = LibvirtStoragePool.Find(connection, name)
            ?? throw new InvalidDataException($"storage pool '{name}' of instance '{plan.Name}' is gone from {connection.Uri}");
        if (!pool.IsActive)
        {
            pool.Start();
        }

        return pool;
    }

    private void Delete(InstancePlan plan, IEnumerable<string> volumes)
    {
        using var pool = Open(plan);
        var names = volumes.ToList();
        InstanceVolumes.Delete(pool, plan, names);
        foreach (var volume in names)
        {
            File.Delete(UploadedMark(volume));
        }
    }

    private static bool Exists(LibvirtStoragePool pool, string volume)
    {
        using var found = pool.FindVolume(volume);
        return found is not null;
    }

    private string UploadedMark(string volume) => Path.Combine(instanceFolder, volume + ".uploaded");
}
