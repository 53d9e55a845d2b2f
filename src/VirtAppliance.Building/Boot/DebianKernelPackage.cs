using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Building.Boot;

/// <summary>A Debian kernel package downloaded with apt-get and unpacked with dpkg-deb, kept in the cache by its exact name.</summary>
internal static class DebianKernelPackage
{
    public sealed record Unpacked(string Version, string Kernel, string ModulesFolder);

    public static Unpacked Fetch(string package, string cacheFolder, CancellationToken cancellationToken)
    {
        var exact = CachedResolution(package, cacheFolder, cancellationToken);
        var folder = Path.Combine(cacheFolder, "kernels", exact);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(Path.Combine(cacheFolder, "kernels"));
            var download = Path.Combine(cacheFolder, "kernels", $".{exact}.{Guid.NewGuid():N}");
            Directory.CreateDirectory(download);
            try
            {
                ToolRunner.Run($"downloading {exact}", "apt-get", ["download", "-qq", exact], workingDirectory: download, cancellationToken: cancellationToken);
                var deb = Directory.GetFiles(download, "*.deb").Single();
                var unpacked = Path.Combine(download, "root");
                ToolRunner.Run($"unpacking {exact}", "dpkg-deb", ["-x", deb, unpacked], cancellationToken: cancellationToken);
                File.Delete(deb);
                MoveUnlessThere(unpacked, folder);
            }
            finally
            {
                Directory.Delete(download, recursive: true);
            }
        }

        var kernel = Directory.GetFiles(Path.Combine(folder, "boot"), "vmlinuz-*").Single();
        var version = Path.GetFileName(kernel)["vmlinuz-".Length..];
        return new Unpacked(version, kernel, Path.Combine(folder, "lib", "modules", version));
    }

    /// <summary>Another build may have put the same kernel in place meanwhile (a fresh cache, builds in parallel): theirs is kept.</summary>
    private static void MoveUnlessThere(string unpacked, string folder)
    {
        try
        {
            Directory.Move(unpacked, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
        }
    }

    /// <summary>apt-cache takes most of a second; its answer holds until apt's package lists change.</summary>
    private static string CachedResolution(string package, string cacheFolder, CancellationToken cancellationToken)
    {
        const string lists = "/var/lib/apt/lists";
        var stamp = Directory.Exists(lists) ? Directory.GetLastWriteTimeUtc(lists).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
        var record = Path.Combine(cacheFolder, "kernels", package + ".resolved");
        if (File.Exists(record) && File.ReadAllText(record).Split(' ') is [var recorded, var exact] && recorded == stamp)
        {
            return exact.Trim();
        }

        var resolved = ResolveMetaPackage(package, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        var temporary = DiskImages.TemporaryFile.For(record);
        File.WriteAllText(temporary, $"{stamp} {resolved}");
        File.Move(temporary, record, overwrite: true);
        return resolved;
    }

    /// <summary>linux-image-cloud-amd64 → linux-image-6.1.0-41-cloud-amd64 (the versioned package it depends on).</summary>
    private static string ResolveMetaPackage(string package, CancellationToken cancellationToken)
    {
        var output = ToolRunner.Run($"looking up {package}", "apt-cache", ["depends", package], cancellationToken: cancellationToken);
        var dependency = output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("Depends: linux-image-", StringComparison.Ordinal))
            .Select(line => line["Depends: ".Length..].Trim())
            .FirstOrDefault();
        if (dependency is null && !output.Contains(package, StringComparison.Ordinal))
        {
            throw new StepFailedException($"apt knows no package {package} (run apt-get update, or name another with 'kernel' in %appliance)");
        }

        return dependency ?? package;
    }
}
