using System.Globalization;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Building.FilesystemMakers;

/// <summary>Makes an ext2/3/4 filesystem inside a partition of a disk file with mke2fs, filled from a directory (-d), owned by root.</summary>
internal static class ExtFilesystem
{
    public static void Make(string specFile, string disk, PlacedPartition partition, string? contents, long epoch, CancellationToken cancellationToken)
    {
        var spec = partition.Spec;
        var type = spec.Filesystem switch { FilesystemType.Ext2 => "ext2", FilesystemType.Ext3 => "ext3", _ => "ext4" };
        var arguments = new List<string>
        {
            "-q", "-F", "-t", type,
            "-U", partition.FilesystemUuid.ToString(),
            "-E", $"offset={partition.Offset},root_owner=0:0,hash_seed={partition.FilesystemUuid},nodiscard",
            "-L", spec.Label ?? "",
            "-M", spec.MountPoint,
        };
        if (contents is not null)
        {
            arguments.AddRange(["-d", contents]);
        }

        arguments.AddRange([disk, (partition.Size / 1024).ToString(CultureInfo.InvariantCulture) + "k"]);
        var environment = new Dictionary<string, string>
        {
            ["E2FSPROGS_FAKE_TIME"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["MKE2FS_CONFIG"] = "/etc/mke2fs.conf",
        };
        var step = $"making the {type} filesystem for {spec.MountPoint} ({Path.GetFileName(specFile)} line {spec.Line})";
        // Not as root, mke2fs runs in a user namespace where the builder's files read as root's: the filesystem is root-owned.
        var result = Interop.Posix.IsRoot
            ? ToolRunner.Execute("mke2fs", arguments, environment, cancellationToken: cancellationToken)
            : ToolRunner.Execute("unshare", ["--map-root-user", HostTools.Resolve("mke2fs"), .. arguments], environment, cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            var full = result.Output.Contains("Could not allocate", StringComparison.Ordinal) || result.Output.Contains("No space left", StringComparison.Ordinal);
            throw new SpecException(specFile, spec.Line, full
                ? $"partition {spec.MountPoint} ({spec.SizeMiB} MiB) is too small for its files: give it a larger --size\n{result.Output.Trim()}"
                : $"{step} failed: mke2fs exited {result.ExitCode}:\n{result.Output.Trim()}");
        }
    }
}
