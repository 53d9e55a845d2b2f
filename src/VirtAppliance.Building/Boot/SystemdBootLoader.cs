using System.Globalization;
using System.Text;
using VirtAppliance.Building.FilesystemMakers;
using VirtAppliance.Building.Layout;
using VirtAppliance.Filesystems.Fat;

namespace VirtAppliance.Building.Boot;

/// <summary>UEFI boot without mounting: systemd-boot as the removable-media loader (EFI/BOOT/BOOTX64.EFI) of an ESP, with one loader entry.</summary>
internal static class SystemdBootLoader
{
    public const string LoaderBinary = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi";

    public static void Install(string disk, PlacedPartition partition, BootEntry entry, string workFolder, long epoch, CancellationToken cancellationToken)
    {
        if (!File.Exists(LoaderBinary))
        {
            throw new NotSupportedException($"{LoaderBinary} is missing: install systemd-boot-efi (scripts/setup.sh does)");
        }

        var staged = Path.Combine(workFolder, "esp");
        Directory.CreateDirectory(Path.Combine(staged, "EFI", "BOOT"));
        Directory.CreateDirectory(Path.Combine(staged, "loader", "entries"));
        File.Copy(LoaderBinary, Path.Combine(staged, "EFI", "BOOT", "BOOTX64.EFI"));
        File.WriteAllText(Path.Combine(staged, "loader", "loader.conf"),
            $"default appliance.conf\ntimeout {entry.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)}\neditor no\n");
        File.WriteAllText(Path.Combine(staged, "loader", "entries", "appliance.conf"), new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"title {entry.Title}\n")
            .Append(CultureInfo.InvariantCulture, $"linux {entry.KernelPath}\n")
            .Append(CultureInfo.InvariantCulture, $"initrd {entry.InitrdPath}\n")
            .Append(CultureInfo.InvariantCulture, $"options {entry.CommandLine}\n")
            .ToString());
        var time = DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime;
        foreach (var path in Directory.EnumerateFileSystemEntries(staged, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(path, time);
        }

        FatFilesystem.CopyIn(disk, partition.Offset, staged, epoch, cancellationToken);
        Directory.Delete(staged, recursive: true);
    }
}
