using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.BadInput;

/// <summary>Random byte flips of valid images: opening, reading, mapping and checking raise only documented exceptions.</summary>
[Trait("Category", "Tools")]
public sealed class MutationTests
{
    private const int IterationsPerImage = 600;
    private const long MaxBytesRead = 16 << 20;

    /// <summary>Where formats keep structures past the first KiB (VHDX headers, region tables, BAT and metadata; VMDK and qcow2 tables).</summary>
    private static readonly int[] MetadataOffsets = [0x1000, 0x2000, 0x3000, 0x10000, 0x20000, 0x30000, 0x40000, 0x200000, 0x300000];

    public static TheoryData<string> Images => new()
    {
        "plain", "compressed-zlib", "compressed-zstd", "extended-l2", "snapshots", "compat-0.10", "overlay", "vdi", "vhd-dynamic", "vhd-fixed", "vmdk-sparse", "vmdk-stream", "vhdx",
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void OnlyDocumentedExceptionsEscape(string kind)
    {
        using var dir = new TempDirectory();
        var original = MakeImage(dir, kind);
        var bytes = File.ReadAllBytes(original);
        var random = new Random(kind.Length * 7919);
        var mutant = dir.File("mutant.img");
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < IterationsPerImage; i++)
        {
            var copy = (byte[])bytes.Clone();
            var flips = random.Next(1, 5);
            for (var f = 0; f < flips; f++)
            {
                var position = random.Next(4) switch
                {
                    0 => random.Next(copy.Length),
                    1 => random.Next(Math.Min(copy.Length, 1024)),
                    2 => copy.Length - 1 - random.Next(Math.Min(copy.Length, 1024)),
                    _ => Math.Min(copy.Length - 1, MetadataOffsets[random.Next(MetadataOffsets.Length)] + random.Next(4096)),
                };
                copy[position] ^= (byte)(1 << random.Next(8));
            }

            File.WriteAllBytes(mutant, copy);
            var outcome = Exercise(mutant);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.Keys.Count > 1, $"mutations never changed the outcome: {string.Join(", ", outcomes)}");
    }

    private static string Exercise(string path)
    {
        try
        {
            using (var image = DiskImageOpener.Open(path))
            {
                var buffer = new byte[1 << 20];
                for (var offset = 0L; offset < Math.Min(image.Capacity, MaxBytesRead); offset += buffer.Length)
                {
                    image.Read(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, image.Capacity - offset)));
                }

                _ = image.GetExtents(0, Math.Min(image.Capacity, MaxBytesRead)).Count();
            }

            return FormatDetector.Detect(path) is DiskImages.Qcow2.Qcow2Format
                ? ImageChecker.Check(path).IsClean ? "clean" : "check-found-problems"
                : "read";
        }
        catch (InvalidDataException)
        {
            return "invalid-data";
        }
        catch (NotSupportedException)
        {
            return "not-supported";
        }
        catch (FileNotFoundException)
        {
            return "backing-missing";
        }
    }

    private static string MakeImage(TempDirectory dir, string kind)
    {
        var raw = dir.File("source.raw");
        SampleDisk.WriteRaw(raw, 1 << 20, 3);
        var image = dir.File($"{kind}.qcow2");
        switch (kind)
        {
            case "plain":
                QemuImg("convert", "-O", "qcow2", "-o", "cluster_size=4096", raw, image);
                break;
            case "compressed-zlib":
                QemuImg("convert", "-c", "-O", "qcow2", "-o", "cluster_size=4096", raw, image);
                break;
            case "compressed-zstd":
                QemuImg("convert", "-c", "-O", "qcow2", "-o", "cluster_size=4096,compression_type=zstd", raw, image);
                break;
            case "extended-l2":
                QemuImg("convert", "-O", "qcow2", "-o", "cluster_size=16384,extended_l2=on", raw, image);
                QemuIo(image, "write -z 16k 4k");
                break;
            case "snapshots":
                QemuImg("convert", "-O", "qcow2", "-o", "cluster_size=4096", raw, image);
                QemuImg("snapshot", "-c", "one", image);
                QemuIo(image, "write -P 1 0 64k");
                break;
            case "vmdk-sparse":
                QemuImg("convert", "-O", "vmdk", raw, image);
                break;
            case "vmdk-stream":
                QemuImg("convert", "-O", "vmdk", "-o", "subformat=streamOptimized", raw, image);
                break;
            case "vhdx":
                QemuImg("convert", "-O", "vhdx", raw, image);
                break;
            case "vdi":
                QemuImg("convert", "-O", "vdi", raw, image);
                break;
            case "vhd-dynamic":
                QemuImg("convert", "-O", "vpc", raw, image);
                break;
            case "vhd-fixed":
                QemuImg("convert", "-O", "vpc", "-o", "subformat=fixed", raw, image);
                break;
            case "compat-0.10":
                QemuImg("convert", "-O", "qcow2", "-o", "cluster_size=4096,compat=0.10", raw, image);
                break;
            default:
                QemuImg("convert", "-O", "qcow2", "-o", "cluster_size=4096", raw, dir.File("base.qcow2"));
                QemuImg("create", "-f", "qcow2", "-o", "cluster_size=4096", "-b", "base.qcow2", "-F", "qcow2", image);
                QemuIo(image, "write -P 2 8k 100k");
                break;
        }

        return image;
    }
}
