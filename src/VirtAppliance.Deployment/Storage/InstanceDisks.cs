using VirtAppliance.Deployment.Instances;
using VirtAppliance.Descriptors.Model;
using VirtAppliance.DiskImages;
using VirtAppliance.DiskImages.Qcow2;

namespace VirtAppliance.Deployment.Storage;

/// <summary>Creates and removes an instance's disk files here; every file appears under its final name only when complete.</summary>
internal sealed class InstanceDisks : IInstanceStorage
{
    public static InstanceDisks Instance { get; } = new();

    /// <summary>
    /// Creates each missing disk: a qcow2 overlay over the shared base (never written) or an empty qcow2. With
    /// <paramref name="fresh"/>, overlays and scratch disks that already exist are recreated (an install phase that
    /// has to start again must not see a half-installed disk); user disks are always kept.
    /// </summary>
    /// <param name="prepare">runs on each new system overlay, under its temporary name, before it is renamed into place</param>
    public void Ensure(InstancePlan plan, bool fresh, Action? afterEachDisk, Action<InstanceDisk, string>? prepare)
    {
        foreach (var disk in plan.Disks.Where(d => d.CreatedByDeploy))
        {
            if (File.Exists(disk.Path))
            {
                if (!fresh || disk.Use == DiskUse.User)
                {
                    continue;
                }

                File.Delete(disk.Path);
            }

            Create(disk, disk.BasePath is not null && disk.Use == DiskUse.System ? prepare : null);
            afterEachDisk?.Invoke();
        }
    }

    public void Remove(InstancePlan plan, bool purge)
    {
        foreach (var disk in plan.Disks.Where(d => d.CreatedByDeploy && (purge || d.Use != DiskUse.User)))
        {
            File.Delete(disk.Path);
        }

        Instances.SeedFiles.Remove(plan);
        foreach (var log in new[] { plan.ConsoleLog, plan.InstallLog }.OfType<string>())
        {
            File.Delete(log);
        }
    }

    public void RemoveDisks(InstancePlan plan, IReadOnlyList<InstanceDisk> disks)
    {
        foreach (var disk in disks.Where(d => d.CreatedByDeploy))
        {
            File.Delete(disk.Path);
        }
    }

    public IReadOnlySet<string> ExistingUserDisks(InstancePlan plan) =>
        plan.Disks.Where(d => d.Use == DiskUse.User && File.Exists(d.Path)).Select(d => d.Path).ToHashSet();

    public void RollBack(InstancePlan plan, IReadOnlySet<string> keep)
    {
        foreach (var disk in plan.Disks.Where(d => d.CreatedByDeploy && !keep.Contains(d.Path)))
        {
            File.Delete(disk.Path);
        }

        foreach (var log in new[] { plan.ConsoleLog, plan.InstallLog }.OfType<string>())
        {
            File.Delete(log);
        }
    }

    private static void Create(InstanceDisk disk, Action<InstanceDisk, string>? prepare)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(disk.Path)!);
        var temporary = TemporaryFile.For(disk.Path);
        try
        {
            Build(disk, temporary);
            prepare?.Invoke(disk, temporary);
            File.Move(temporary, disk.Path);
        }
        catch
        {
            TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Writes the disk's new qcow2 at <paramref name="path"/>: an overlay over its base (here), or empty of its size.</summary>
    internal static void Build(InstanceDisk disk, string path)
    {
        Qcow2CreateOptions options;
        if (disk.BasePath is not null)
        {
            using var backing = DiskImageOpener.Open(disk.BasePath, writable: false, disk.BaseFormat);
            options = new Qcow2CreateOptions
            {
                Capacity = backing.Capacity,
                BackingFile = disk.BasePath,
                BackingFormat = backing.Format.Name,
            };
        }
        else
        {
            options = new Qcow2CreateOptions
            {
                Capacity = disk.SizeBytes ?? throw new InvalidDataException($"disk '{disk.Id}' has neither a file nor a size to create it with"),
            };
        }

        using (Qcow2Image.Create(path, options))
        {
        }
    }
}
