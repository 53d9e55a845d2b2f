using VirtAppliance.Deployment.Instances;

namespace VirtAppliance.Deployment.Storage;

/// <summary>Where an instance's disks are made and removed: files here (<see cref="InstanceDisks"/>) or volumes in a remote host's pool (<see cref="PoolDisks"/>).</summary>
internal interface IInstanceStorage
{
    /// <summary>
    /// Creates each missing disk. With <paramref name="fresh"/>, overlays and scratch disks that exist are made again
    /// (an install phase that starts again must not see a half-installed disk); user disks are always kept.
    /// </summary>
    /// <param name="prepare">runs on each new system overlay, as a file here, before it is put in place</param>
    void Ensure(InstancePlan plan, bool fresh, Action? afterEachDisk, Action<InstanceDisk, string>? prepare);

    /// <summary>The disks deploy created (overlays, scratch disks; user disks when <paramref name="purge"/>) and the console logs.</summary>
    void Remove(InstancePlan plan, bool purge);

    /// <summary>The user disks that exist already: a failed deploy keeps them.</summary>
    IReadOnlySet<string> ExistingUserDisks(InstancePlan plan);

    /// <summary>Deletes these disks (made by deploy or attach) and nothing else.</summary>
    void RemoveDisks(InstancePlan plan, IReadOnlyList<InstanceDisk> disks);

    /// <summary>After a failure: what deploy created, except <paramref name="keep"/>.</summary>
    void RollBack(InstancePlan plan, IReadOnlySet<string> keep);
}
