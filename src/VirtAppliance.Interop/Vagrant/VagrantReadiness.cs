using System.Text;
using VirtAppliance.Customization.Guest;
using VirtAppliance.Customization.Images;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Interop.Vagrant;

/// <summary>
/// What `vagrant up` needs inside the guest, looked for in the image's root filesystem (read offline, as customize
/// does): a DHCP client, an SSH server, a `vagrant` user with Vagrant's well-known insecure key, and password-less sudo.
/// </summary>
public static class VagrantReadiness
{
    /// <summary>The start of Vagrant's well-known insecure RSA public key (vagrant replaces it on the first up).</summary>
    public const string InsecureKey = "AAAAB3NzaC1yc2EAAAABIwAAAQEA6NF8iallvQVp22WDkTkyrtvp9eWW6A8YVr";

    private static readonly string[] DhcpClients =
    [
        "/sbin/dhclient", "/usr/sbin/dhclient", "/sbin/udhcpc", "/usr/sbin/udhcpc", "/sbin/dhcpcd", "/usr/sbin/dhcpcd",
        "/lib/systemd/systemd-networkd", "/usr/lib/systemd/systemd-networkd", "/usr/sbin/NetworkManager",
    ];

    private static readonly string[] SshServers = ["/usr/sbin/sshd", "/usr/sbin/dropbear", "/usr/bin/dropbear"];

    /// <summary>Said instead of a list when the image has no filesystem to look in.</summary>
    public const string NotChecked = "the image has no ext2/3/4 root filesystem, so it was not checked for what vagrant up needs";

    /// <summary>What the image lacks, one line each; empty when it has everything; <see cref="NotChecked"/> alone when it cannot be read.</summary>
    public static IReadOnlyList<string> Missing(string imagePath, CancellationToken cancellation)
    {
        using var image = DiskImageOpener.Open(imagePath, writable: false);
        GuestPartition root;
        try
        {
            root = PartitionFinder.ChooseRoot(PartitionFinder.Find(image, imagePath), null, imagePath, allowFat: false);
        }
        catch (Exception error) when (error is NotSupportedException or InvalidDataException)
        {
            return [NotChecked];
        }

        var work = TemporaryFile.Folder(Path.GetDirectoryName(Path.GetFullPath(imagePath))!, "vagrant-check");
        try
        {
            var copy = Path.Combine(work, "root");
            PartitionCopy.Extract(image, root, copy, cancellation);
            return Check(new ExtGuestFilesystem(copy, work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static List<string> Check(IGuestFilesystem guest)
    {
        var missing = new List<string>();
        bool Any(IEnumerable<string> paths) => paths.Any(p => guest.Stat(p).Exists);
        string Text(string path) => guest.Stat(path).Kind == GuestEntryKind.File ? Encoding.UTF8.GetString(guest.ReadFile(path)) : "";

        if (!Any(DhcpClients))
        {
            missing.Add("a DHCP client (dhclient, udhcpc, dhcpcd, systemd-networkd or NetworkManager): vagrant waits for the guest's address");
        }

        if (!Any(SshServers))
        {
            missing.Add("an SSH server (sshd or dropbear): vagrant reaches the guest over ssh");
        }

        if (!Text("/etc/passwd").Split('\n').Any(l => l.StartsWith("vagrant:", StringComparison.Ordinal)))
        {
            missing.Add("a 'vagrant' user");
        }
        else if (!Text("/home/vagrant/.ssh/authorized_keys").Contains(InsecureKey, StringComparison.Ordinal))
        {
            missing.Add("Vagrant's insecure public key in /home/vagrant/.ssh/authorized_keys");
        }

        var sudoers = guest.Stat("/etc/sudoers.d").Kind == GuestEntryKind.Directory
            ? guest.List("/etc/sudoers.d").Select(name => Text("/etc/sudoers.d/" + name)).Append(Text("/etc/sudoers"))
            : [Text("/etc/sudoers")];
        if (!Any(["/usr/bin/sudo", "/bin/sudo"]) || !sudoers.Any(s => s.Contains("vagrant", StringComparison.Ordinal) && s.Contains("NOPASSWD", StringComparison.Ordinal)))
        {
            missing.Add("sudo without a password for 'vagrant'");
        }

        return missing;
    }
}
