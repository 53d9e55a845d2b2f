using VirtAppliance.Building.Layout;
using VirtAppliance.Building.RootFilesystem;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.Pipeline;

/// <summary>
/// Splits the staged root by mount point: each mounted partition's subtree moves to a folder of its own (deepest first),
/// leaving an empty mount point behind, and the ledger entries follow, re-rooted at the partition.
/// </summary>
internal static class PartitionContents
{
    public sealed record Content(string Folder, OwnershipLedger Ledger);

    public static Dictionary<PlacedPartition, Content> Split(string root, IEnumerable<PlacedPartition> partitions, OwnershipLedger ledger, string workFolder)
    {
        var result = new Dictionary<PlacedPartition, Content>();
        var mounted = partitions.Where(p => p.Spec.IsMounted).OrderByDescending(p => p.Spec.MountPoint.Length).ToList();
        foreach (var partition in mounted)
        {
            var mountPoint = partition.Spec.MountPoint;
            var partLedger = new OwnershipLedger();
            foreach (var (path, owner) in ledger.Owners.Where(e => Inside(e.Key, mountPoint)).ToList())
            {
                partLedger.SetOwner(Relative(path, mountPoint), owner.Uid, owner.Gid);
                ledger.Forget(path);
            }

            foreach (var (path, special) in ledger.SpecialFiles.Where(e => Inside(e.Key, mountPoint)).ToList())
            {
                partLedger.AddSpecial(Relative(path, mountPoint), special);
                ledger.Forget(path);
            }

            if (mountPoint == "/")
            {
                result[partition] = new Content(root, partLedger);
                continue;
            }

            var source = GuestPath.OnHost(root, mountPoint);
            var folder = Path.Combine(workFolder, $"partition-{partition.Spec.Disk}-{partition.Number}");
            if (Directory.Exists(source) && !StagedFolder.IsLink(source))
            {
                Directory.Move(source, folder);
            }
            else
            {
                if (StagedFolder.IsLink(source))
                {
                    File.Delete(source);
                }

                Directory.CreateDirectory(folder);
            }

            StagedFolder.PrepareParent(root, mountPoint, "the build");
            Directory.CreateDirectory(source);
            result[partition] = new Content(folder, partLedger);
        }

        return result;
    }

    private static bool Inside(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    private static string Relative(string path, string mountPoint) =>
        mountPoint == "/" ? path : path == mountPoint ? "/" : path[mountPoint.Length..];
}
