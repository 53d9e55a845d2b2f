using System.Globalization;
using VirtAppliance.Filesystems.Partitions;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Filesystems.Fat;

/// <summary>FAT inside a partition of a disk file: mkfs.fat at an offset, files copied in with mtools (no mounting).</summary>
public static class FatFilesystem
{
    public static void Make(string disk, long offset, long size, string label, uint volumeId, long epoch, CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "--invariant",
            "-i", volumeId.ToString("X8", CultureInfo.InvariantCulture),
            "-n", label.ToUpperInvariant(),
            "--offset", (offset / PartitionTables.SectorSize).ToString(CultureInfo.InvariantCulture),
        };
        arguments.AddRange(["-F", size >= FatFormat.Fat32Threshold ? "32" : "16"]);

        arguments.AddRange([disk, (size / 1024).ToString(CultureInfo.InvariantCulture)]);
        ToolRunner.Run($"making the FAT filesystem '{label}'", "mkfs.fat", arguments, Environment(epoch), cancellationToken: cancellationToken);
    }

    /// <summary>Copies a folder's contents (files and folders; symbolic links as the files they name) into the FAT filesystem's root.</summary>
    public static void CopyIn(string disk, long offset, string folder, long epoch, CancellationToken cancellationToken)
    {
        var entries = Directory.GetFileSystemEntries(folder).Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            ClampTime(path, epoch);
        }

        ToolRunner.Run($"copying {folder} into the FAT filesystem", "mcopy",
            ["-s", "-p", "-m", "-Q", "-D", "o", "-i", Image(disk, offset), .. entries, "::/"], Environment(epoch), cancellationToken: cancellationToken);
    }

    public static void MakeDirectory(string disk, long offset, string path, long epoch, CancellationToken cancellationToken) =>
        ToolRunner.Run($"making {path} in the FAT filesystem", "mmd", ["-D", "s", "-i", Image(disk, offset), "::" + path], Environment(epoch), cancellationToken: cancellationToken);

    public static void CopyFile(string disk, long offset, string source, string path, long epoch, CancellationToken cancellationToken)
    {
        ClampTime(source, epoch);
        ToolRunner.Run($"copying {Path.GetFileName(source)} into the FAT filesystem", "mcopy",
            ["-p", "-m", "-Q", "-D", "o", "-i", Image(disk, offset), source, "::" + path], Environment(epoch), cancellationToken: cancellationToken);
    }

    /// <summary>mtools keeps each file's modification time (-m); anything newer than the build epoch is set to it.</summary>
    private static void ClampTime(string path, long epoch)
    {
        var limit = DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime;
        if (new FileInfo(path).LinkTarget is null && File.GetLastWriteTimeUtc(path) > limit)
        {
            if (Directory.Exists(path))
            {
                Directory.SetLastWriteTimeUtc(path, limit);
            }
            else
            {
                File.SetLastWriteTimeUtc(path, limit);
            }
        }
    }

    internal static string Image(string disk, long offset) => $"{disk}@@{offset}";

    public static Dictionary<string, string> Environment(long epoch) => new()
    {
        ["SOURCE_DATE_EPOCH"] = epoch.ToString(CultureInfo.InvariantCulture),
        ["MTOOLS_SKIP_CHECK"] = "1",
        ["MTOOLSRC"] = "/dev/null",
    };
}
