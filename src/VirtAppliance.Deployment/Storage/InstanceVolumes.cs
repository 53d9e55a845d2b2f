using VirtAppliance.Deployment.Instances;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Deployment.Storage;

/// <summary>An instance's own volumes in a remote host's pool: made from here, copied between hosts, removed.</summary>
public static class InstanceVolumes
{
    /// <summary>
    /// Makes <paramref name="disk"/>'s new qcow2 here (an overlay over the local base, then <paramref name="prepare"/>
    /// applies a recipe to it), points it at the base's path on the host, and uploads it as its volume.
    /// </summary>
    public static void UploadNew(LibvirtStoragePool pool, InstancePlan plan, InstanceDisk disk, string stagingFolder, Action<InstanceDisk, string>? prepare, IProgress<long>? progress, CancellationToken cancellation)
    {
        Directory.CreateDirectory(stagingFolder);
        var staging = TemporaryFile.For(Path.Combine(stagingFolder, disk.Volume!));
        try
        {
            InstanceDisks.Build(disk, staging);
            prepare?.Invoke(disk, staging);
            if (disk.BaseHostPath is { } hostBase)
            {
                Qcow2Image.ChangeBackingFile(staging, hostBase, SharedFormat(plan, disk, hostBase));
            }

            Upload(pool, disk.Volume!, staging, progress, cancellation);
        }
        finally
        {
            TemporaryFile.DeleteQuietly(staging);
        }
    }

    /// <summary>
    /// Copies a volume of one host (<paramref name="from"/>) to another (<paramref name="to"/>) through this machine: the
    /// qcow2 overlay is downloaded, pointed at its base's path there (<paramref name="destination"/>'s), and uploaded.
    /// </summary>
    public static void Copy(LibvirtStoragePool from, LibvirtStoragePool to, InstancePlan destinationPlan, InstanceDisk destination, string stagingFolder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(stagingFolder);
        var staging = TemporaryFile.For(Path.Combine(stagingFolder, destination.Volume!));
        try
        {
            using (var source = from.FindVolume(destination.Volume!) ?? throw new InvalidDataException($"volume '{destination.Volume}' is missing from pool '{from.Name}'"))
            using (var file = File.Create(staging))
            {
                source.Download(file, 0, cancellation);
            }

            if (destination.BaseHostPath is { } hostBase)
            {
                Qcow2Image.ChangeBackingFile(staging, hostBase, SharedFormat(destinationPlan, destination, hostBase));
            }

            Upload(to, destination.Volume!, staging, null, cancellation);
        }
        finally
        {
            TemporaryFile.DeleteQuietly(staging);
        }
    }

    /// <summary>Deletes <paramref name="volumes"/> and the instance's console logs from the pool (absent ones are fine).</summary>
    public static void Delete(LibvirtStoragePool pool, InstancePlan plan, IEnumerable<string> volumes)
    {
        // Console logs are files virtlogd wrote behind libvirt's back: a refresh makes them volumes.
        pool.Refresh();
        var logs = new[] { RemotePool.ConsoleLogVolume(plan.Name, install: false), RemotePool.ConsoleLogVolume(plan.Name, install: true) };
        foreach (var volume in volumes.Concat(logs))
        {
            using var found = pool.FindVolume(volume);
            found?.Delete();
        }
    }

    /// <summary>The volumes deploy made for the instance (its disks but shared CD-ROMs).</summary>
    public static IEnumerable<string> Of(InstancePlan plan) => plan.Disks.Where(d => d.CreatedByDeploy && d.Volume is not null).Select(d => d.Volume!);

    private static void Upload(LibvirtStoragePool pool, string volume, string file, IProgress<long>? progress, CancellationToken cancellation)
    {
        using (var existing = pool.FindVolume(volume))
        {
            existing?.Delete();
        }

        using var created = pool.CreateVolume(volume, new FileInfo(file).Length, "raw");
        using var source = File.OpenRead(file);
        created.Upload(source, source.Length, progress is null ? null : progress.Report, cancellation);
    }

    private static string SharedFormat(InstancePlan plan, InstanceDisk disk, string hostBase) =>
        plan.SharedFiles.FirstOrDefault(f => f.HostPath == hostBase)?.Format
        ?? throw new InvalidDataException($"the base of disk '{disk.Id}' ({hostBase}) is not among the shared files of '{plan.Name}'");
}
