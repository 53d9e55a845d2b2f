using VirtAppliance.Deployment.Instances;
using VirtAppliance.DiskImages;

namespace VirtAppliance.Deployment.Planning;

/// <summary>The shared files one plan needs on its remote host, each listed once, with their paths there.</summary>
internal sealed class RemoteFiles(RemoteTarget target)
{
    private readonly Dictionary<string, SharedFile> files = new(StringComparer.Ordinal);

    public Storage.RemotePool Pool => target.Pool;

    public IReadOnlyList<SharedFile> All => [.. files.Values];

    /// <summary>The host path of <paramref name="localPath"/>'s shared volume (<paramref name="format"/>: null to detect a disk image's).</summary>
    public string HostPathOf(string localPath, string? format)
    {
        var full = Path.GetFullPath(localPath);
        if (!files.TryGetValue(full, out var file))
        {
            file = target.Pool.Shared(full, format ?? DetectFormat(full), target.Sha256(full));
            files[full] = file;
        }

        return file.HostPath;
    }

    public SharedFile Of(string localPath) => files[Path.GetFullPath(localPath)];

    private static string DetectFormat(string path)
    {
        using var image = DiskImageOpener.Open(path, writable: false);
        return image.Format.Name;
    }
}
