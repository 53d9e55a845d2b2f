using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>Reads a customized image the way a referee would: qemu-img turns it into raw, e2fsprogs read the root filesystem.</summary>
internal sealed class GuestView
{
    private readonly string device;

    public GuestView(string image, TempDirectory scratch)
    {
        var raw = scratch.File(Path.GetFileName(image) + ".raw");
        File.Delete(raw);
        ExternalTool.QemuImg("convert", "-O", "raw", image, raw);
        device = $"{raw}?offset={TinyImage.RootOffset}";
    }

    public string Cat(string path) => ExternalTool.Ok("debugfs", "-R", $"cat {path}", device);

    public string Stat(string path) => ExternalTool.Ok("debugfs", "-R", $"stat {path}", device);

    public bool Exists(string path) => !ExternalTool.Run("debugfs", "-R", $"stat {path}", device).Error.Contains("File not found", StringComparison.Ordinal);

    /// <summary>The names in a folder (debugfs ls -p: /inode/mode/uid/gid/name/size/), without . and ..</summary>
    public IReadOnlyList<string> List(string path) =>
        ExternalTool.Ok("debugfs", "-R", $"ls -p \"{path}\"", device).Split('\n')
            .Select(line => line.Split('/'))
            .Where(fields => fields.Length >= 7 && fields[5] is not ("." or ".." or ""))
            .Select(fields => fields[5])
            .ToList();

    public void AssertClean()
    {
        var check = ExternalTool.Run("e2fsck", "-fn", device);
        Assert.True(check.ExitCode == 0, $"e2fsck -fn: {check.Output}{check.Error}");
    }

    /// <summary>Every path with its type, mode, owner, size and content: what 'the same filesystem' means.</summary>
    public SortedDictionary<string, string> Tree()
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var folders = new Queue<string>(["/"]);
        while (folders.Count > 0)
        {
            var folder = folders.Dequeue();
            foreach (var line in ExternalTool.Ok("debugfs", "-R", $"ls -p \"{folder}\"", device).Split('\n'))
            {
                var fields = line.Split('/');
                if (fields.Length < 7 || fields[5] is "." or ".." or "lost+found")
                {
                    continue;
                }

                var path = (folder == "/" ? "/" : folder + "/") + fields[5];
                var mode = Convert.ToInt32(fields[2], 8);
                var content = (mode & 0xf000) == 0x8000 ? Cat(path) : (mode & 0xf000) == 0xa000 ? Stat(path).Split("Fast link dest: ").Last().Trim() : "";
                tree[path] = $"{fields[2]} {fields[3]}:{fields[4]} {fields[6]} {content}";
                if ((mode & 0xf000) == 0x4000)
                {
                    folders.Enqueue(path);
                }
            }
        }

        return tree;
    }
}
