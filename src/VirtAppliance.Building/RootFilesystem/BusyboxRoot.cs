using VirtAppliance.Building.Elf;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;
using VirtAppliance.Filesystems.Guests;
using VirtAppliance.Filesystems;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>
/// A minimal root made of the build host's static busybox: busybox init, getty and login on the serial console, acpid
/// for the power button, and DHCP on the first interface when the spec has a 'network' command.
/// </summary>
internal static class BusyboxRoot
{
    public const string HostBusybox = "/bin/busybox";

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Create(string root, bool network, CancellationToken cancellationToken)
    {
        if (!File.Exists(HostBusybox) || !ElfFile.IsStatic(HostBusybox))
        {
            throw new NotSupportedException($"{HostBusybox} is missing or not statically linked: install busybox-static (scripts/setup.sh does)");
        }

        foreach (var folder in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "etc/init.d", "etc/acpi/PWRF", "usr/share/udhcpc", "dev", "proc", "sys", "run", "mnt", "home", "var/log", "boot" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        Directory.CreateDirectory(Path.Combine(root, "tmp"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite |
            UnixFileMode.OtherExecute | UnixFileMode.StickyBit);
        Directory.CreateDirectory(Path.Combine(root, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var busybox = Path.Combine(root, "bin", "busybox");
        File.Copy(HostBusybox, busybox, overwrite: true);
        File.SetUnixFileMode(busybox, Executable);
        var applets = ToolRunner.Run("listing busybox applets", HostBusybox, ["--list-full"], cancellationToken: cancellationToken);
        foreach (var applet in applets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var guest = GuestPath.Normalize(applet);
            if (guest is null || guest == "/bin/busybox")
            {
                continue;
            }

            var link = GuestPath.OnHost(root, guest);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, "/bin/busybox");
            }
        }

        WriteResource(root, "/etc/inittab", "busybox-inittab", Readable);
        WriteResource(root, "/etc/init.d/rcS", "busybox-rcS", Executable);
        WriteResource(root, "/etc/profile", "busybox-profile", Readable);
        WriteResource(root, "/etc/acpi/PWRF/00000080", "busybox-acpi-power", Executable);
        WriteResource(root, "/sbin/hotplug-online", "busybox-hotplug-online", Executable);
        WriteResource(root, "/usr/share/udhcpc/default.script", "busybox-udhcpc-script", Executable);
        if (network)
        {
            WriteResource(root, "/etc/init.d/S10network", "busybox-network", Executable);
        }

        File.WriteAllText(Path.Combine(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(root, "etc/group"), "root:x:0:\ntty:x:5:\ndisk:x:6:\nusers:x:100:\n");
        File.WriteAllText(Path.Combine(root, "etc/shadow"), "root:!:0:0:99999:7:::\n");
        File.SetUnixFileMode(Path.Combine(root, "etc/shadow"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(root, "etc/hostname"), "localhost\n");
        File.WriteAllText(Path.Combine(root, "etc/shells"), "/bin/sh\n/bin/ash\n");
    }

    private static void WriteResource(string root, string guestPath, string resource, UnixFileMode mode)
    {
        var path = GuestPath.OnHost(root, guestPath);
        File.WriteAllBytes(path, EmbeddedResources.Bytes(typeof(BusyboxRoot).Assembly, resource));
        File.SetUnixFileMode(path, mode);
    }
}
