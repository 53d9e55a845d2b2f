using System.Security.Cryptography;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Customization.Tests;

/// <summary>Reads a customized FAT partition the way a referee would: qemu-img turns the image into raw, mtools and fsck.fat read it.</summary>
internal sealed class FatView
{
    /// <summary>The FAT filesystem's offset on the tiny boot disks (their first partition, at 1 MiB).</summary>
    private const long PartitionOffset = 1 << 20;

    private readonly string raw;
    private readonly string device;
    private readonly TempDirectory scratch;

    public FatView(string image, TempDirectory scratch)
    {
        this.scratch = scratch;
        raw = scratch.File(Path.GetFileName(image) + ".raw");
        File.Delete(raw);
        ExternalTool.QemuImg("convert", "-O", "raw", image, raw);
        device = $"{raw}@@{PartitionOffset}";
    }

    public string Cat(string path) => ExternalTool.Ok("mtype", "-i", device, "::" + path);

    public byte[] Bytes(string path)
    {
        var copy = scratch.File("fat-file");
        ExternalTool.Ok("mcopy", "-n", "-i", device, "::" + path, copy);
        var bytes = File.ReadAllBytes(copy);
        File.Delete(copy);
        return bytes;
    }

    public bool Exists(string path) => ExternalTool.Run("mdir", "-b", "-a", "-i", device, "::" + path).ExitCode == 0;

    /// <summary>Every path (folders with a trailing slash) with the SHA-256 of each file's content.</summary>
    public SortedDictionary<string, string> Tree()
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in ExternalTool.Ok("mdir", "-/", "-b", "-a", "-i", device, "::/").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var path = line[2..];
            tree[path] = path.EndsWith('/') ? "" : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Cat(path))));
        }

        return tree;
    }

    /// <summary>fsck.fat reads a whole device: the partition is copied out first.</summary>
    public void AssertClean()
    {
        var partition = scratch.File("fat-partition");
        using (var source = File.OpenRead(raw))
        using (var target = File.Create(partition))
        {
            source.Position = PartitionOffset;
            source.CopyTo(target);
        }

        var check = ExternalTool.Run("fsck.fat", "-n", partition);
        Assert.True(check.ExitCode == 0, $"fsck.fat -n: {check.Output}{check.Error}");
    }
}
