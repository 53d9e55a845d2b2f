using System.Globalization;
using System.Text;
using VirtAppliance.Building.Layout;
using VirtAppliance.Filesystems.Fat;
using VirtAppliance.Filesystems.Guests;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Building.Boot;

/// <summary>
/// BIOS boot through GRUB 2 without mounting or a loop device: grub-mkimage makes a core image that finds its modules
/// and grub.cfg in /grub of the FAT boot partition, and the boot sector and core are embedded by hand
/// (<see cref="GrubBootImage"/>), since grub-bios-setup insists on finding its folder on a mounted device.
/// </summary>
internal static class GrubLoader
{
    /// <summary>Where Debian's grub-pc-bin puts the BIOS modules, in the guest and on the build host alike.</summary>
    public const string Modules = "/usr/lib/grub/i386-pc";

    private const string Folder = "/grub";

    /// <summary>What the core needs to read its prefix; everything else is loaded from there.</summary>
    private static readonly string[] CoreModules = ["biosdisk", "part_msdos", "fat"];

    /// <summary>Installs GRUB for the FAT partition and returns the boot code for the MBR.</summary>
    public static byte[] Install(string disk, PlacedPartition partition, BootEntry entry, string root, string workFolder, long epoch, CancellationToken cancellationToken)
    {
        var modules = ModuleFolder(root);
        var staged = Path.Combine(workFolder, "grub-boot");
        var grub = Path.Combine(staged, "grub");
        var platform = Path.Combine(grub, "i386-pc");
        Directory.CreateDirectory(platform);
        var core = Path.Combine(platform, "core.img");
        ToolRunner.Run("making GRUB's core image", "grub-mkimage",
            ["-O", "i386-pc", "-d", modules, "-o", core, "-p", $"(hd0,msdos{partition.Number.ToString(CultureInfo.InvariantCulture)}){Folder}", .. CoreModules],
            cancellationToken: cancellationToken);
        foreach (var file in Directory.EnumerateFiles(modules).Where(f => f.EndsWith(".mod", StringComparison.Ordinal) || f.EndsWith(".lst", StringComparison.Ordinal) || Path.GetFileName(f) == "boot.img"))
        {
            File.Copy(file, Path.Combine(platform, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(grub, "grub.cfg"), Configuration(entry));
        var embedded = GrubBootImage.Embed(File.ReadAllBytes(Path.Combine(modules, "boot.img")), File.ReadAllBytes(core), partition.Offset / GrubBootImage.SectorSize);
        var time = DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime;
        foreach (var path in Directory.EnumerateFileSystemEntries(staged, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(path, time);
        }

        FatFilesystem.CopyIn(disk, partition.Offset, staged, epoch, cancellationToken);
        Directory.Delete(staged, recursive: true);
        using (var file = new FileStream(disk, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file.SafeFileHandle, embedded.CoreSectors, GrubBootImage.CoreFirstSector * GrubBootImage.SectorSize);
        }

        return embedded.BootCode;
    }

    /// <summary>The guest's own GRUB modules when it has them (so a later grub-install in the guest matches), else the build host's.</summary>
    public static string ModuleFolder(string root)
    {
        static bool HasModules(string folder) => File.Exists(Path.Combine(folder, "kernel.img")) && File.Exists(Path.Combine(folder, "boot.img"));
        var guest = GuestPath.OnHost(root, Modules);
        if (HasModules(guest))
        {
            return guest;
        }

        if (HasModules(Modules))
        {
            return Modules;
        }

        throw new NotSupportedException($"GRUB's BIOS modules are in neither the appliance nor {Modules}: install grub-pc-bin on the build host (scripts/setup.sh does) or add grub-pc-bin to %packages");
    }

    /// <summary>A grub.cfg in the spirit of grub-mkconfig's; update-grub in the guest writes it anew from /etc/default/grub.</summary>
    public static string Configuration(BootEntry entry) => new StringBuilder()
        .Append("# Written by virt-appliance build; update-grub in the guest replaces it, from /etc/default/grub.\n")
        .Append("set default=0\n")
        .Append(CultureInfo.InvariantCulture, $"set timeout={entry.TimeoutSeconds}\n")
        .Append("serial --unit=0 --speed=115200\n")
        .Append("terminal_input serial console\n")
        .Append("terminal_output serial console\n")
        .Append(CultureInfo.InvariantCulture, $"menuentry {Quoted(entry.Title)} --id appliance {{\n")
        .Append(CultureInfo.InvariantCulture, $"\tlinux {entry.KernelPath} {entry.CommandLine}\n")
        .Append(CultureInfo.InvariantCulture, $"\tinitrd {entry.InitrdPath}\n")
        .Append("}\n")
        .ToString();

    private static string Quoted(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
