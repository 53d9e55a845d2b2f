using System.Globalization;
using System.Text.RegularExpressions;

namespace VirtAppliance.DiskImages;

/// <summary>
/// Hidden siblings written first and renamed (or removed) when complete: temporary files (.NAME.tmp-PID-RANDOM) and
/// scratch folders (.PREFIX-PID-RANDOM). The creating process's id is in the name, so that leftovers of a process that
/// was killed (SIGKILL gives no chance to clean up) are recognised as ours and swept by the next one made beside them.
/// </summary>
public static partial class TemporaryFile
{
    /// <summary>A hidden temporary name beside <paramref name="finalPath"/> (.NAME.tmp-PID-RANDOM), to write and then rename.</summary>
    public static string For(string finalPath)
    {
        var full = Path.GetFullPath(finalPath);
        var folder = Path.GetDirectoryName(full) ?? ".";
        var prefix = $".{Path.GetFileName(full)}.tmp-";
        Sweep(folder, prefix);
        return Path.Combine(folder, prefix + Unique());
    }

    /// <summary>A new scratch folder .PREFIX-PID-RANDOM in <paramref name="parent"/>; stale ones with the same prefix are removed first.</summary>
    public static string Folder(string parent, string prefix)
    {
        var full = Path.GetFullPath(parent);
        Directory.CreateDirectory(full);
        var name = $".{prefix}-";
        Sweep(full, name);
        var path = Path.Combine(full, name + Unique());
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// A scratch folder in memory (/dev/shm, swept like the others) for many small files, or null where there is none:
    /// creating a file on a busy disk can cost a millisecond, and an archive of thousands of members would pay it for
    /// each. Only for contents already held in memory; large files stay beside the image.
    /// </summary>
    public static string? MemoryFolder(string prefix)
    {
        const string shm = "/dev/shm";
        if (!Directory.Exists(shm))
        {
            return null;
        }

        try
        {
            return Folder(shm, $"virt-appliance-{prefix}");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Deletes <paramref name="path"/> if it exists, ignoring errors (cleanup after a failure).</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes entries named PREFIX + PID-RANDOM whose process no longer runs.</summary>
    internal static void Sweep(string folder, string prefix)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(folder, prefix + "*").ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            var match = Suffix().Match(Path.GetFileName(entry)[prefix.Length..]);
            if (!match.Success || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Runs(pid))
            {
                continue;
            }

            try
            {
                if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool Runs(int pid) => pid == Environment.ProcessId || Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    private static string Unique() => $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";

    [GeneratedRegex("^(?<pid>[0-9]{1,10})-[0-9a-f]{8}$")]
    private static partial Regex Suffix();
}
