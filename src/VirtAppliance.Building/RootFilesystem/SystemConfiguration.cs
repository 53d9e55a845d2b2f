using System.Text;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Layout;
using VirtAppliance.Filesystems;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>Writes what the spec says about the system into the staged root: fstab, host name, time zone, root password, users.</summary>
internal static class SystemConfiguration
{
    public static void Apply(BuildSpec spec, string root, OwnershipLedger ledger, IReadOnlyList<PlacedPartition> partitions, DeterministicIds ids, long epoch)
    {
        WriteFile(root, "/etc/fstab", Fstab(partitions));
        if (Directory.Exists(GuestPath.OnHost(root, "/usr/lib/udev")) || Directory.Exists(GuestPath.OnHost(root, "/lib/udev")))
        {
            // udev brings hot-added vCPUs and memory online (a busybox root does it with /sbin/hotplug-online).
            WriteFile(root, HotplugRules, EmbeddedResources.Text(typeof(SystemConfiguration).Assembly, "hotplug-online.rules"));
        }
        if (spec.BiosLoader == BiosLoader.Grub)
        {
            WriteFile(root, GrubDefaults.GuestPath, GrubDefaults.Text(spec));
        }

        if (spec.Network && spec.Appliance.Root is not BusyboxRootSource && SystemdNetwork.Applies(root))
        {
            var (text, links) = SystemdNetwork.Plan(root);
            WriteFile(root, SystemdNetwork.ConfigurationPath, text);
            foreach (var (link, target) in links)
            {
                StagedFolder.PrepareParent(root, link, "the build");
                var onHost = GuestPath.OnHost(root, link);
                if (!File.Exists(onHost) && !StagedFolder.IsLink(onHost))
                {
                    File.CreateSymbolicLink(onHost, target);
                }
            }
        }

        if (spec.Hostname is { } hostname)
        {
            WriteFile(root, "/etc/hostname", hostname + "\n");
            WriteFile(root, "/etc/hosts", $"127.0.0.1\tlocalhost\n127.0.1.1\t{hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        }

        if (spec.Timezone is { } zone)
        {
            var localtime = GuestPath.OnHost(root, "/etc/localtime");
            if (StagedFolder.IsLink(localtime) || File.Exists(localtime))
            {
                File.Delete(localtime);
            }

            File.CreateSymbolicLink(localtime, "/usr/share/zoneinfo/" + zone);
            WriteFile(root, "/etc/timezone", zone + "\n");
        }

        var accounts = AccountFiles.Load(root, DateTimeOffset.FromUnixTimeSeconds(epoch));
        if (spec.RootPassword is { } password)
        {
            accounts.SetPassword("root", Crypted(password, ids, "root"));
        }

        foreach (var user in spec.Users)
        {
            var (uid, gid) = accounts.AddUser(user.Name, user.Uid, user.Gid, user.Gecos, user.HomeDirectory, user.Shell);
            accounts.SetPassword(user.Name, user.Password is null ? null : Crypted(user.Password, ids, user.Name));
            foreach (var group in user.Groups)
            {
                accounts.AddToGroup(user.Name, group);
            }

            var home = GuestPath.Normalize(user.HomeDirectory ?? "/home/" + user.Name) ?? "/home/" + user.Name;
            var homeOnHost = GuestPath.OnHost(root, home);
            if (!Directory.Exists(homeOnHost))
            {
                StagedFolder.PrepareParent(root, home, spec.File);
                Directory.CreateDirectory(homeOnHost, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                ledger.SetOwner(home, uid, gid);
            }
        }

        accounts.Save();
    }

    public static string Fstab(IReadOnlyList<PlacedPartition> partitions)
    {
        var text = new StringBuilder("# <file system> <mount point> <type> <options> <dump> <pass>\n");
        foreach (var partition in partitions.OrderBy(p => p.Spec.IsMounted ? p.Spec.MountPoint.Count(c => c == '/') : int.MaxValue).ThenBy(p => p.Spec.MountPoint, StringComparer.Ordinal))
        {
            var spec = partition.Spec;
            var line = spec.Filesystem switch
            {
                FilesystemType.Swap => $"{partition.FstabSource}\tnone\tswap\t{spec.FsOptions ?? "sw"}\t0\t0",
                FilesystemType.BiosBoot => null,
                FilesystemType.Vfat or FilesystemType.Efi => $"{partition.FstabSource}\t{spec.MountPoint}\tvfat\t{spec.FsOptions ?? "umask=0077"}\t0\t2",
                _ => $"{partition.FstabSource}\t{spec.MountPoint}\t{spec.Filesystem.ToString().ToLowerInvariant()}\t{spec.FsOptions ?? (spec.MountPoint == "/" ? "errors=remount-ro" : "defaults")}\t0\t{(spec.MountPoint == "/" ? 1 : 2)}",
            };
            if (line is not null)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Crypted(PasswordSpec password, DeterministicIds ids, string user) =>
        password.IsCrypted ? password.Value : Sha512Crypt.Hash(password.Value, ids.Salt("password:" + user));

    public const string HotplugRules = "/etc/udev/rules.d/80-virt-appliance-hotplug.rules";

    private static void WriteFile(string root, string guestPath, string content)
    {
        StagedFolder.PrepareParent(root, guestPath, "the build");
        var path = GuestPath.OnHost(root, guestPath);
        if (StagedFolder.IsLink(path))
        {
            File.Delete(path);
        }

        File.WriteAllText(path, content);
    }
}
