using System.Globalization;
using System.Text;
using VirtAppliance.Building.FilesystemMakers;
using VirtAppliance.Building.Layout;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;
using VirtAppliance.Filesystems.Fat;

namespace VirtAppliance.Building.Boot;

/// <summary>BIOS boot without mounting: syslinux installed into a FAT partition at an offset, with its MBR code for the disk.</summary>
internal static class SyslinuxLoader
{
    public const string MbrCode = "/usr/lib/syslinux/mbr/mbr.bin";
    public const string GptMbrCode = "/usr/lib/syslinux/mbr/gptmbr.bin";

    public static void Install(string disk, PlacedPartition partition, BootEntry entry, string workFolder, long epoch, CancellationToken cancellationToken)
    {
        var config = new StringBuilder()
            .Append("DEFAULT appliance\n")
            .Append("PROMPT 0\n")
            .Append(CultureInfo.InvariantCulture, $"TIMEOUT {Math.Max(1, entry.TimeoutSeconds * 10)}\n")
            .Append("SERIAL 0 115200\n")
            .Append("LABEL appliance\n")
            .Append(CultureInfo.InvariantCulture, $"  MENU LABEL {entry.Title}\n")
            .Append(CultureInfo.InvariantCulture, $"  LINUX {entry.KernelPath}\n")
            .Append(CultureInfo.InvariantCulture, $"  INITRD {entry.InitrdPath}\n")
            .Append(CultureInfo.InvariantCulture, $"  APPEND {entry.CommandLine}\n");
        var file = Path.Combine(workFolder, "syslinux.cfg");
        File.WriteAllText(file, config.ToString());
        File.SetLastWriteTimeUtc(file, DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime);
        FatFilesystem.CopyFile(disk, partition.Offset, file, "/syslinux.cfg", epoch, cancellationToken);
        File.Delete(file);
        ToolRunner.Run("installing syslinux", "syslinux", ["--install", "--offset", partition.Offset.ToString(CultureInfo.InvariantCulture), disk],
            FatFilesystem.Environment(epoch), cancellationToken: cancellationToken);
    }

    public static byte[] BootCode(PartitionTable table)
    {
        var path = table == PartitionTable.Gpt ? GptMbrCode : MbrCode;
        if (!File.Exists(path))
        {
            throw new NotSupportedException($"{path} is missing: install syslinux-common (scripts/setup.sh does)");
        }

        return File.ReadAllBytes(path);
    }
}
