using System.Reflection;
using VirtAppliance.DiskImages.Compression;
using VirtAppliance.Libvirt;

namespace VirtAppliance.Cli.Commands.Version;

/// <summary>What <c>--version</c> prints: the version and commit, then each native library, found or not, with its version and file.</summary>
internal static class VersionReport
{
    private static readonly string Informational =
        typeof(VersionReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The version without the commit ("0.9.0").</summary>
    public static string ProductVersion => Informational.Split('+', 2)[0];

    /// <summary>The commit the executable was built from, when the build knew it.</summary>
    public static string? Commit => Informational.Split('+', 2) is [_, var commit] ? commit[..Math.Min(12, commit.Length)] : null;

    public static IEnumerable<string> Lines()
    {
        yield return Commit is null ? $"virt-appliance {ProductVersion}" : $"virt-appliance {ProductVersion} (commit {Commit})";
        yield return Line("libvirt", LibvirtLibrary.Version(), "libvirt.so.0", missing: "deploying and host probing need it");
        foreach (var library in CompressionLibraries.Native())
        {
            yield return Line(library.Name, library.Loaded ? library.Version ?? "" : null, library.FileName, missing: $"{FallbackOf(library.Name)} is used instead");
        }
    }

    private static string FallbackOf(string library) => library == "libzstd" ? "ZstdSharp" : "zlib-ng of .NET";

    /// <summary><paramref name="version"/> null: the library did not load; "": it loaded but reports no version.</summary>
    private static string Line(string name, string? version, string fileName, string missing)
    {
        if (version is null)
        {
            return $"{name}: {fileName} not found ({missing})";
        }

        var path = LoadedLibraries.PathOf(fileName);
        var versionText = version.Length > 0 ? $" {version}" : "";
        return path is null ? $"{name}{versionText}" : $"{name}{versionText} ({path})";
    }
}
