using System.Globalization;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Building.RootFilesystem;
using VirtAppliance.Filesystems.Guests;

namespace VirtAppliance.Building.Boot;

/// <summary>
/// Finds the kernel to boot: the newest /boot/vmlinuz-* in the root filesystem (with its initrd.img, or a generated one),
/// or else a Debian kernel package (apt-get download, cached) with a generated initramfs.
/// </summary>
internal static class KernelLocator
{
    public static KernelImage Locate(string root, string kernelPackage, string workFolder, string cacheFolder, long epoch, CancellationToken cancellationToken)
    {
        var boot = Path.Combine(root, "boot");
        var kernels = Directory.Exists(boot)
            ? Directory.GetFiles(boot, "vmlinuz-*").Where(f => !StagedFolder.IsLink(f)).Order(VersionComparer.Instance).ToList()
            : [];
        if (kernels.Count > 0)
        {
            var kernel = kernels[^1];
            var version = Path.GetFileName(kernel)["vmlinuz-".Length..];
            var initrd = Path.Combine(boot, "initrd.img-" + version);
            if (File.Exists(initrd))
            {
                return new KernelImage(version, kernel, initrd, InitrdGenerated: false, FromRootFilesystem: true);
            }

            var generated = Path.Combine(workFolder, "initrd.img");
            InitramfsBuilder.Build(KernelModules.Load(Path.Combine(root, "lib", "modules", version)), generated, epoch);
            return new KernelImage(version, kernel, generated, InitrdGenerated: true, FromRootFilesystem: true);
        }

        var package = DebianKernelPackage.Fetch(kernelPackage, cacheFolder, cancellationToken);
        var initramfs = Path.Combine(workFolder, "initrd.img");
        InitramfsBuilder.Build(KernelModules.Load(package.ModulesFolder), initramfs, epoch);
        return new KernelImage(package.Version, package.Kernel, initramfs, InitrdGenerated: true, FromRootFilesystem: false);
    }

    /// <summary>Orders vmlinuz-6.1.0-9 before vmlinuz-6.1.0-10: digit runs compare as numbers.</summary>
    private sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = System.Text.RegularExpressions.Regex.Split(x ?? "", "([0-9]+)");
            var b = System.Text.RegularExpressions.Regex.Split(y ?? "", "([0-9]+)");
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var result = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? m.CompareTo(n)
                    : string.CompareOrdinal(a[i], b[i]);
                if (result != 0)
                {
                    return result;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
