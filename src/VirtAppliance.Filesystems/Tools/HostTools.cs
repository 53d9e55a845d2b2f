using System.Diagnostics;

namespace VirtAppliance.Filesystems.Tools;

/// <summary>
/// The one place that finds the host's external tools. Debian installs e2fsprogs, dosfstools, fdisk and friends in
/// /usr/sbin and /sbin, which are not on a normal user's PATH: a tool is looked for on PATH, then in those folders,
/// and child processes get a PATH that includes them (so a tool that runs another, as unshare does, finds it too).
/// </summary>
public static class HostTools
{
    /// <summary>Searched after PATH, in this order.</summary>
    public static readonly IReadOnlyList<string> SystemDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["mke2fs"] = "e2fsprogs",
        ["debugfs"] = "e2fsprogs",
        ["e2fsck"] = "e2fsprogs",
        ["mkfs.fat"] = "dosfstools",
        ["fsck.fat"] = "dosfstools",
        ["mcopy"] = "mtools",
        ["mmd"] = "mtools",
        ["mdir"] = "mtools",
        ["mdel"] = "mtools",
        ["mdeltree"] = "mtools",
        ["mattrib"] = "mtools",
        ["mrd"] = "mtools",
        ["mren"] = "mtools",
        ["mtype"] = "mtools",
        ["syslinux"] = "syslinux",
        ["sfdisk"] = "fdisk",
        ["mmdebstrap"] = "mmdebstrap",
        ["unshare"] = "util-linux",
        ["apt-get"] = "apt",
        ["apt-cache"] = "apt",
        ["dpkg-deb"] = "dpkg",
        ["xz"] = "xz-utils",
        ["zstd"] = "zstd",
        ["bzip2"] = "bzip2",
        ["gzip"] = "gzip",
        ["tar"] = "tar",
        ["cpio"] = "cpio",
        ["busybox"] = "busybox-static",
        ["stdbuf"] = "coreutils",
        ["qemu-img"] = "qemu-utils",
        ["ssh"] = "openssh-client",
    };

    /// <summary>PATH as given, followed by the system folders it lacks.</summary>
    public static string SearchPath(string? path)
    {
        var entries = (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        entries.AddRange(SystemDirectories.Where(d => !entries.Contains(d, StringComparer.Ordinal)));
        return string.Join(':', entries);
    }

    /// <summary>The PATH child processes get.</summary>
    public static string ChildPath => SearchPath(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>The full path of <paramref name="name"/>, or null when it is found nowhere. A name with a slash is taken as it is.</summary>
    public static string? Find(string name) => Find(name, ChildPath);

    public static string? Find(string name, string searchPath)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }

        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(IsExecutable);
    }

    /// <summary>The full path of <paramref name="name"/>; <see cref="ToolNotInstalledException"/> when it is found nowhere.</summary>
    public static string Resolve(string name) => Find(name) ?? throw new ToolNotInstalledException(name, PackageOf(name));

    /// <summary>The Debian package that provides <paramref name="tool"/>, when known.</summary>
    public static string? PackageOf(string tool) => Packages.GetValueOrDefault(Path.GetFileName(tool));

    /// <summary>A start description for <paramref name="name"/>: resolved to its full path, with the child PATH set.</summary>
    public static ProcessStartInfo StartInfo(string name, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Resolve(name)) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PATH"] = ChildPath;
        return info;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
