using VirtAppliance.Repository.Format;
using VirtAppliance.Repository.Transport;

namespace VirtAppliance.Repository.Client;

/// <summary>
/// The content-addressed cache shared by every appliance: $XDG_CACHE_HOME/virt-appliance (default ~/.cache/...).
/// blobs/sha256/HEX holds verified disk contents; downloads/ holds disks in flight with the point they can resume from;
/// appliances/NAME/VERSION/ holds pulled descriptors whose disk files are symbolic links into blobs/.
/// </summary>
public sealed class BlobCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Downloads => Path.Combine(Root, "downloads");

    public string Appliances => Path.Combine(Root, "appliances");

    public static BlobCache Default()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new BlobCache(Path.Combine(baseDir, "virt-appliance"));
    }

    public string ContentPath(Digest digest) => Path.Combine(Root, "blobs", "sha256", digest.Hex);

    public bool Has(BlobReference content) =>
        File.Exists(ContentPath(Digest.Parse(content.Digest, "manifest"))) && new FileInfo(ContentPath(Digest.Parse(content.Digest, "manifest"))).Length == content.Size;

    /// <summary>Makes the disk's content present in the cache (download, decompress, verify); returns its path and the bytes downloaded.</summary>
    public async Task<(string Path, long Downloaded)> EnsureAsync(IRepositoryBackend backend, ManifestDisk disk, IProgress<long>? progress, CancellationToken cancellation)
    {
        var content = Digest.Parse(disk.Content.Digest, $"manifest disk '{disk.Id}'");
        var final = ContentPath(content);
        if (Has(disk.Content))
        {
            return (final, 0);
        }

        Directory.CreateDirectory(Downloads);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var blob = Digest.Parse(disk.Blob.Digest, $"manifest disk '{disk.Id}'");
        long downloaded = 0;
        var counting = new CallbackProgress<long>(n =>
        {
            downloaded += n;
            progress?.Report(n);
        });
        await ContentDownload.FetchAsync(backend, disk, Path.Combine(Downloads, blob.Hex), final, counting, cancellation);
        return (final, downloaded);
    }

    public sealed record Entry(string Digest, long Size, IReadOnlyList<string> UsedBy, DateTime Modified);

    /// <summary>Every verified blob, with the pulled appliance files that link to it.</summary>
    public IReadOnlyList<Entry> List()
    {
        var folder = Path.Combine(Root, "blobs", "sha256");
        var users = Users();
        return !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder)
                .Where(f => Digest.TryParse("sha256:" + Path.GetFileName(f)) is not null)
                .Select(f => new FileInfo(f))
                .Select(f => new Entry("sha256:" + f.Name, f.Length, users.TryGetValue(f.FullName, out var u) ? u : [], f.LastWriteTimeUtc))
                .OrderBy(e => e.Digest, StringComparer.Ordinal)
                .ToList();
    }

    /// <summary>Folders appliances were pulled into outside the cache (pull -o), one per line.</summary>
    private string PulledList => Path.Combine(Root, "pulled-folders");

    /// <summary>Remembers a folder holding links into the cache, so prune keeps what it uses.</summary>
    public void RegisterFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (full.StartsWith(Appliances + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return;
        }

        Directory.CreateDirectory(Root);
        var known = File.Exists(PulledList) ? File.ReadAllLines(PulledList) : [];
        if (!known.Contains(full))
        {
            File.AppendAllLines(PulledList, [full]);
        }
    }

    /// <summary>Blob path → the appliance files (symbolic links) pointing at it.</summary>
    private Dictionary<string, List<string>> Users()
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var folders = new List<string>();
        if (Directory.Exists(Appliances))
        {
            folders.Add(Appliances);
        }

        if (File.Exists(PulledList))
        {
            folders.AddRange(File.ReadAllLines(PulledList).Where(Directory.Exists));
        }

        foreach (var folder in folders)
        {
            foreach (var link in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (new FileInfo(link).LinkTarget is { } target)
                {
                    var full = Path.GetFullPath(target, Path.GetDirectoryName(link)!);
                    (users.TryGetValue(full, out var list) ? list : users[full] = []).Add(folder == Appliances ? Path.GetRelativePath(Appliances, link) : link);
                }
            }
        }

        return users;
    }

    /// <summary>Removes unfinished downloads and blobs no pulled appliance uses (with <paramref name="all"/>: everything).</summary>
    public (int Files, long Bytes) Prune(bool all)
    {
        var files = 0;
        long bytes = 0;
        void Remove(FileInfo file)
        {
            bytes += file.Length;
            files++;
            file.Delete();
        }

        if (all && Directory.Exists(Appliances))
        {
            Directory.Delete(Appliances, recursive: true);
        }

        if (Directory.Exists(Downloads))
        {
            foreach (var file in new DirectoryInfo(Downloads).EnumerateFiles())
            {
                Remove(file);
            }
        }

        var folder = Path.Combine(Root, "blobs", "sha256");
        if (Directory.Exists(folder))
        {
            var users = Users();
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles().Where(f => all || !users.ContainsKey(f.FullName)))
            {
                Remove(file);
            }
        }

        return (files, bytes);
    }
}
