using System.Globalization;
using System.Text;
using VirtAppliance.Filesystems.Tools;

namespace VirtAppliance.Customization.Guest;

/// <summary>
/// An ext2/3/4 filesystem in a file (a partition copied out of the image), edited with e2fsprogs' debugfs: writes are
/// queued as one debugfs script and run before the next read or at Flush; every command's complaint is an error.
/// Prefetched lookups are answered without running debugfs (one debugfs start costs milliseconds: an archive of
/// thousands of members would otherwise spend seconds starting it).
/// </summary>
public sealed class ExtGuestFilesystem(string device, string scratchFolder) : IGuestFilesystem
{
    private readonly List<(string Command, bool MayFail)> _queue = [];
    private readonly Dictionary<string, GuestEntry> _known = new(StringComparer.Ordinal);
    private int _scratchFiles;

    public string Type => "ext4";

    public bool SupportsOwnership => true;

    public GuestEntry Stat(string path)
    {
        if (_known.TryGetValue(path, out var known))
        {
            return known;
        }

        Flush();
        var result = ToolRunner.Execute("debugfs", ["-R", $"stat {Quote(path)}", device]);
        return Parse(path, result.Output);
    }

    public void Prefetch(IEnumerable<string> paths)
    {
        var wanted = paths.Distinct(StringComparer.Ordinal).Where(p => !_known.ContainsKey(p)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        Flush();
        var answers = new StringBuilder[wanted.Count];
        var exitCode = RunScript(wanted.Select(p => $"stat {Quote(p)}").ToList(), writable: false, (command, line) =>
            (answers[command] ??= new StringBuilder()).Append(line).Append('\n'));
        if (exitCode != 0)
        {
            throw new IOException($"looking up {wanted.Count} paths in the {Type} filesystem failed: debugfs exited {exitCode}");
        }

        for (var i = 0; i < wanted.Count; i++)
        {
            _known[wanted[i]] = Parse(wanted[i], answers[i]?.ToString() ?? "");
        }
    }

    private static GuestEntry Parse(string path, string text)
    {
        if (text.Contains("File not found by ext2_lookup", StringComparison.Ordinal))
        {
            return GuestEntry.Missing;
        }

        var type = Field(text, "Type:") ?? throw Failure($"stat {path}", text);
        var kind = type switch
        {
            "regular" => GuestEntryKind.File,
            "directory" => GuestEntryKind.Directory,
            "symlink" => GuestEntryKind.Symlink,
            _ => GuestEntryKind.Other,
        };
        return new GuestEntry(kind, (UnixFileMode)Convert.ToInt32(Field(text, "Mode:") ?? "0", 8),
            Number(Field(text, "User:")), Number(Field(text, "Group:")));
    }

    public byte[] ReadFile(string path)
    {
        Flush();
        _known.Clear();
        var target = Scratch();
        var result = ToolRunner.Execute("debugfs", ["-R", $"dump {Quote(path)} {Quote(target)}", device]);
        if (!File.Exists(target))
        {
            throw Failure($"reading {path}", result.Output);
        }

        var bytes = File.ReadAllBytes(target);
        File.Delete(target);
        return bytes;
    }

    public IReadOnlyList<string> List(string directory)
    {
        Flush();
        var result = ToolRunner.Execute("debugfs", ["-R", $"ls -p {Quote(directory)}", device]);
        var names = new List<string>();
        foreach (var line in result.Output.Split('\n'))
        {
            // /inode/mode/uid/gid/name/size/
            var fields = line.Split('/');
            if (fields.Length >= 7 && fields[0].Length == 0 && fields[5] is not ("." or ".." or ""))
            {
                names.Add(string.Join('/', fields[5..^2]));
            }
        }

        return names;
    }

    public void WriteFile(string path, string hostFile, UnixFileMode mode, int uid, int gid)
    {
        var (parent, name) = Split(path);
        Forget(path);
        Queue($"rm {Quote(path)}", mayFail: true);
        // debugfs's write links the new file under its name into the current folder; "/." makes cd follow a
        // symbolic link to a folder (inside the guest filesystem).
        Queue($"cd {Quote(parent.TrimEnd('/') + "/.")}");
        Queue($"write {Quote(hostFile)} {Quote(name)}");
        // Back to the root: debugfs resolves a top-level "/NAME" given to mkdir, symlink or ln against the current
        // folder (it splits off the last name and looks up an empty parent), so it would land in this one.
        Queue("cd \"/\"");
        SetAttributes(path, GuestEntryKind.File, mode, uid, gid);
    }

    public void MakeDirectory(string path, UnixFileMode mode, int uid, int gid)
    {
        Forget(path);
        Queue($"mkdir {Quote(path)}", mayFail: true);
        SetAttributes(path, GuestEntryKind.Directory, mode, uid, gid);
    }

    public void Symlink(string path, string target)
    {
        Forget(path);
        Queue($"rm {Quote(path)}", mayFail: true);
        Queue($"symlink {Quote(path)} {Quote(target)}");
    }

    public void Remove(string path)
    {
        var entry = Stat(path);
        _known.Clear();
        if (entry.Kind == GuestEntryKind.Directory)
        {
            foreach (var child in List(path))
            {
                Remove(path.TrimEnd('/') + "/" + child);
            }

            Queue($"rmdir {Quote(path)}");
        }
        else if (entry.Exists)
        {
            Queue($"rm {Quote(path)}");
        }
    }

    public void SetMode(string path, UnixFileMode mode)
    {
        var entry = Stat(path);
        SetAttributes(path, entry.Kind, mode, entry.Uid, entry.Gid);
    }

    public void SetOwner(string path, int uid, int gid)
    {
        if (_known.GetValueOrDefault(path) is { Exists: true } known)
        {
            _known[path] = known with { Uid = uid, Gid = gid };
        }

        Queue($"sif {Quote(path)} uid {uid.ToString(CultureInfo.InvariantCulture)}");
        Queue($"sif {Quote(path)} gid {gid.ToString(CultureInfo.InvariantCulture)}");
    }

    public void Rename(string from, string to)
    {
        _known.Clear();
        Queue($"ln {Quote(from)} {Quote(to)}");
        Queue($"unlink {Quote(from)}");
    }

    public void Flush()
    {
        if (_queue.Count == 0)
        {
            return;
        }

        var queued = _queue.ToList();
        _queue.Clear();
        var problems = new List<string>();
        var exitCode = RunScript(queued.ConvertAll(q => q.Command), writable: true, (command, line) =>
        {
            if (line.Length == 0 || line.StartsWith("Allocated inode:", StringComparison.Ordinal) || (command >= 0 && queued[command].MayFail))
            {
                return;
            }

            if (problems.Count < 10)
            {
                problems.Add(command >= 0 ? $"{queued[command].Command}: {line}" : line);
            }
        });
        if (problems.Count > 0 || exitCode != 0)
        {
            throw new IOException($"changing the {Type} filesystem failed:\n{string.Join('\n', problems.Take(10))}");
        }
    }

    private void SetAttributes(string path, GuestEntryKind kind, UnixFileMode mode, int uid, int gid)
    {
        // sif sets the whole i_mode: the file type bits must stay what they are.
        var type = kind switch
        {
            GuestEntryKind.Directory => 0x4000,
            GuestEntryKind.File => 0x8000,
            _ => throw new IOException($"{path} is a {(kind == GuestEntryKind.Symlink ? "symbolic link" : "device node or FIFO")}: its mode cannot be set here"),
        };
        Queue($"sif {Quote(path)} mode 0{Convert.ToString(type | (int)mode, 8)}");
        _known[path] = new GuestEntry(kind, mode, uid, gid);
        SetOwner(path, uid, gid);
    }

    /// <summary>
    /// What is known of a path and of everything seen under it goes when the path is replaced. A write through a
    /// symbolic link of the guest can change another path's entry; the queued commands tolerate that (rm, mkdir may
    /// find what they expect gone or there), as they did when every lookup ran debugfs.
    /// </summary>
    private void Forget(string path)
    {
        if (_known.Remove(path, out var known) && known.Kind is GuestEntryKind.File or GuestEntryKind.None)
        {
            return;
        }

        var prefix = path.TrimEnd('/') + "/";
        foreach (var under in _known.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _known.Remove(under);
        }
    }

    /// <summary>
    /// Runs commands as one debugfs script and hands every line it prints to <paramref name="onLine"/> with the index of
    /// the command that printed it (-1 before the first). debugfs echoes each command as "debugfs: COMMAND"; its output
    /// goes to a file and is read line by line, so thousands of commands cost neither memory nor lost lines.
    /// </summary>
    private int RunScript(IReadOnlyList<string> commands, bool writable, Action<int, string> onLine)
    {
        var script = Scratch();
        var output = Scratch();
        File.WriteAllText(script, string.Concat(commands.Select(c => c + "\n")));
        try
        {
            var result = ToolRunner.Execute("sh", ["-c", $"exec stdbuf -o0 -e0 debugfs {(writable ? "-w " : "")}-f \"$1\" \"$2\" >\"$3\" 2>&1", "sh", script, device, output]);
            var command = -1;
            foreach (var line in File.ReadLines(output))
            {
                if (line.StartsWith("debugfs: ", StringComparison.Ordinal) && command + 1 < commands.Count)
                {
                    command++;
                }
                else if (!line.StartsWith("debugfs ", StringComparison.Ordinal))
                {
                    onLine(command, line);
                }
            }

            return result.ExitCode;
        }
        finally
        {
            File.Delete(script);
            File.Delete(output);
        }
    }

    private void Queue(string command, bool mayFail = false) => _queue.Add((command, mayFail));

    private string Scratch() => Path.Combine(scratchFolder, $"debugfs-{Interlocked.Increment(ref _scratchFiles)}");

    private static (string Parent, string Name) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return (slash <= 0 ? "/" : path[..slash], path[(slash + 1)..]);
    }

    private static string Quote(string text)
    {
        if (text.Contains('"') || text.Contains('\n'))
        {
            throw new ArgumentException($"'{text}': names with '\"' or line breaks cannot be written by debugfs");
        }

        return $"\"{text}\"";
    }

    private static string? Field(string text, string label)
    {
        var at = text.IndexOf(label, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = text[(at + label.Length)..].TrimStart();
        var end = 0;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }

        return rest[..end];
    }

    private static int Number(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static IOException Failure(string what, string output) => new($"{what} failed: {output.Trim()}");
}
