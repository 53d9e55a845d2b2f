using System.Globalization;
using VirtAppliance.Building.Kickstart;
using VirtAppliance.Building.Pipeline;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Building.RootFilesystem;

/// <summary>Installs a Debian root filesystem into a tar archive with mmdebstrap (root mode as root, a user namespace otherwise).</summary>
internal static class Mmdebstrap
{
    private const string DefaultMirror = "http://deb.debian.org/debian";

    public static void Run(BuildSpec spec, DebianRootSource source, string output, long epoch, CancellationToken cancellationToken)
    {
        var packages = spec.Packages.ToList();
        if (!packages.Any(p => p.StartsWith("linux-image-", StringComparison.Ordinal)))
        {
            packages.Add(spec.Appliance.KernelPackage);
        }

        var mirror = source.Mirror ?? HostMirror() ?? DefaultMirror;
        var arguments = new List<string>
        {
            "--variant=" + source.Variant,
            "--include=" + string.Join(',', packages),
            "--architectures=amd64",
            source.Suite,
            output,
            $"deb {mirror} {source.Suite} main",
        };
        var environment = new Dictionary<string, string>
        {
            ["SOURCE_DATE_EPOCH"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["DEBIAN_FRONTEND"] = "noninteractive",
        };
        ToolRunner.Run($"installing Debian {source.Suite} with mmdebstrap ({Path.GetFileName(spec.File)} line {source.Line})", "mmdebstrap", arguments, environment,
            cancellationToken: cancellationToken);
    }

    /// <summary>The first Debian archive URI in the build host's apt sources (deb822 .sources files, then sources.list).</summary>
    public static string? HostMirror()
    {
        var files = Directory.Exists("/etc/apt/sources.list.d")
            ? Directory.GetFiles("/etc/apt/sources.list.d", "*.sources").Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("URIs:", StringComparison.OrdinalIgnoreCase))
                {
                    var uri = line[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(u => !u.Contains("security", StringComparison.Ordinal));
                    if (uri is not null)
                    {
                        return uri.TrimEnd('/');
                    }
                }
            }
        }

        if (File.Exists("/etc/apt/sources.list"))
        {
            foreach (var line in File.ReadLines("/etc/apt/sources.list"))
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length >= 3 && words[0] == "deb" && !words[1].StartsWith('[') && !words[1].Contains("security", StringComparison.Ordinal))
                {
                    return words[1].TrimEnd('/');
                }
            }
        }

        return null;
    }
}
