using System.Text;
using VirtAppliance.Customization.Guest;
using VirtAppliance.Customization.Operations;
using VirtAppliance.Customization.Recipes;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Customization.Applying;

public sealed partial class RecipeApplier
{
    public const string RunnerPath = "/usr/lib/virt-appliance/firstboot";
    public const string ScriptsFolder = "/var/lib/virt-appliance";

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    internal void AddUser(UserOperation operation)
    {
        var accounts = LoadAccounts();
        var (uid, gid) = accounts.AddUser(operation.User, operation.Uid, null, null, operation.Home, operation.Shell);
        if (operation.Password is { } password)
        {
            accounts.SetPassword(operation.User, operation.PasswordIsCrypted ? password : Crypt(password, accounts.PasswordHash(operation.User)));
        }

        foreach (var group in operation.Groups)
        {
            accounts.AddToGroup(operation.User, group);
        }

        SaveAccounts(accounts);
        var home = Home(operation.User);
        if (!_guest.Stat(home).Exists)
        {
            EnsureDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, (uid, gid));
        }

        if (operation.SshKeys.Count > 0)
        {
            InjectKeys(operation.User, operation.SshKeys);
        }
    }

    /// <summary>A new SHA-512 crypt hash with a random salt, or the current hash when it already is this password's (repeatable).</summary>
    private static string Crypt(string password, string? current)
    {
        if (current is not null && current.StartsWith("$6$", StringComparison.Ordinal) && current.Split('$') is [_, _, var salt, _]
            && Sha512Crypt.Hash(password, salt) == current)
        {
            return current;
        }

        return Sha512Crypt.Hash(password, Sha512Crypt.RandomSalt());
    }

    internal void InjectKeys(string user, IReadOnlyList<string> keys)
    {
        var ids = LoadAccounts().Ids(user) ?? throw new ArgumentException($"user {user} is not in the guest's /etc/passwd (create it with a 'user' operation first)");
        var ssh = Home(user) + "/.ssh";
        EnsureDirectory(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, ids);
        var file = ssh + "/authorized_keys";
        var existing = _guest.Stat(file).Exists ? Encoding.UTF8.GetString(ReadExisting(file)) : "";
        var missing = keys.Select(k => k.Trim()).Where(k => k.Length > 0 && !existing.Split('\n').Contains(k)).ToList();
        if (missing.Count > 0 || !_guest.Stat(file).Exists)
        {
            var text = existing + (existing.Length > 0 && !existing.EndsWith('\n') ? "\n" : "") + string.Concat(missing.Select(k => k + "\n"));
            PutFile(file, Scratch(Encoding.UTF8.GetBytes(text)), Private, ids);
        }
    }

    internal void InstallBootScript(BootScriptOperation script)
    {
        InstallRunner();
        var kind = script.EveryBoot ? "everyboot" : "firstboot";
        var sequence = Interlocked.Increment(ref _bootScripts);
        WriteText($"{ScriptsFolder}/{kind}/{sequence:D4}-{script.ScriptName}", script.Script, new FileSettings(Executable, null));
    }

    /// <summary>The runner, a systemd unit enabled for multi-user.target, and a SysV script for guests without systemd.</summary>
    private void InstallRunner()
    {
        WriteText(RunnerPath, VirtAppliance.Filesystems.EmbeddedResources.Text(typeof(RecipeApplier).Assembly, "firstboot-runner"), new FileSettings(Executable, null));
        WriteText("/etc/systemd/system/virt-appliance-firstboot.service", VirtAppliance.Filesystems.EmbeddedResources.Text(typeof(RecipeApplier).Assembly, "firstboot.service"), FileSettings.Default);
        EnsureParent("/etc/systemd/system/multi-user.target.wants/x");
        _guest.Symlink("/etc/systemd/system/multi-user.target.wants/virt-appliance-firstboot.service", "/etc/systemd/system/virt-appliance-firstboot.service");
        WriteText("/etc/init.d/virt-appliance-firstboot", VirtAppliance.Filesystems.EmbeddedResources.Text(typeof(RecipeApplier).Assembly, "firstboot.init"), new FileSettings(Executable, null));
        foreach (var level in new[] { "2", "3", "4", "5" }.Where(level => _guest.Stat($"/etc/rc{level}.d").Kind == GuestEntryKind.Directory))
        {
            _guest.Symlink($"/etc/rc{level}.d/S99virt-appliance-firstboot", "../init.d/virt-appliance-firstboot");
        }

        // busybox init runs /etc/init.d/S* from rcS (the roots 'build' makes from busybox).
        if (_guest.Stat("/etc/init.d/rcS").Exists && !_guest.Stat("/lib/systemd/systemd").Exists)
        {
            _guest.Symlink("/etc/init.d/S99virt-appliance-firstboot", "virt-appliance-firstboot");
        }
    }

    /// <summary>What virt-sysprep resets for clones: machine id (made again at boot), ssh host keys (made again at first boot), random seeds.</summary>
    internal void ResetIdentity()
    {
        if (_guest.Stat("/etc/machine-id").Exists)
        {
            WriteText("/etc/machine-id", "", new FileSettings(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, null));
        }

        foreach (var path in new[] { "/var/lib/dbus/machine-id", "/var/lib/systemd/random-seed", "/var/lib/urandom/random-seed" })
        {
            _guest.Remove(path);
        }

        if (_guest.Stat("/etc/ssh").Kind == GuestEntryKind.Directory)
        {
            var keys = _guest.List("/etc/ssh").Where(name => name.StartsWith("ssh_host_", StringComparison.Ordinal)).ToList();
            foreach (var key in keys)
            {
                _guest.Remove("/etc/ssh/" + key);
            }

            InstallBootScript(new BootScriptOperation(0, "ssh-host-keys", "#!/bin/sh\n[ -x /usr/bin/ssh-keygen ] && /usr/bin/ssh-keygen -A\n", EveryBoot: false));
        }
    }

    private AccountFiles LoadAccounts()
    {
        string Text(string path) => _guest.Stat(path).Exists ? Encoding.UTF8.GetString(ReadExisting(path)) : "";
        return AccountFiles.FromText(Text("/etc/passwd"), Text("/etc/shadow"), Text("/etc/group"), DateTimeOffset.UtcNow);
    }

    private void SaveAccounts(AccountFiles accounts)
    {
        var (passwd, shadow, group) = accounts.ToText();
        foreach (var (path, text, mode) in new[] { ("/etc/passwd", passwd, FileMode), ("/etc/group", group, FileMode), ("/etc/shadow", shadow, Private | UnixFileMode.GroupRead) })
        {
            var existing = _guest.Stat(path);
            var current = existing.Exists ? Encoding.UTF8.GetString(_guest.ReadFile(path)) : null;
            if (current != text)
            {
                PutFile(path, Scratch(Encoding.UTF8.GetBytes(text)), existing.Exists ? existing.Mode : mode, existing.Exists ? (existing.Uid, existing.Gid) : (0, 0));
            }
        }
    }

    private string Home(string user)
    {
        var passwd = Encoding.UTF8.GetString(ReadExisting("/etc/passwd"));
        var record = passwd.Split('\n').Select(line => line.Split(':')).FirstOrDefault(fields => fields.Length > 5 && fields[0] == user);
        return GuestPath.Normalize(record?[5] ?? "/home/" + user) ?? "/home/" + user;
    }
}
