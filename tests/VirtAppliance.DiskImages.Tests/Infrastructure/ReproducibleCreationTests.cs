using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.TestSupport;

namespace VirtAppliance.DiskImages.Tests.Infrastructure;

/// <summary>Every writable format and subformat, from the registry: seeded creation is byte-identical, and qemu-img reads it.</summary>
[Trait("Category", "Tools")]
public sealed class ReproducibleCreationTests
{
    public static TheoryData<string, string?> FormatsAndSubformats()
    {
        var data = new TheoryData<string, string?>();
        foreach (var format in DiskFormat.Writable)
        {
            if (format.Subformats.Count == 0)
            {
                data.Add(format.Name, null);
            }

            foreach (var subformat in format.Subformats)
            {
                data.Add(format.Name, subformat);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndSubformats))]
    public void The_same_seed_and_epoch_give_byte_identical_images_another_seed_does_not(string formatName, string? subformat)
    {
        using var dir = new TempDirectory();
        var source = dir.File("source.raw");
        SampleDisk.WriteRaw(source, 24 << 20, seed: 7);
        var format = FormatDetector.FromName(formatName);
        string Convert(string folder, ImageIdentity identity)
        {
            // The same file name in each folder: a VMDK's descriptor names its own file.
            var output = Path.Combine(Directory.CreateDirectory(dir.File(folder)).FullName, "disk");
            ImageConverter.Convert(source, output, new ConvertOptions { OutputFormat = format, Subformat = subformat, ExactSize = true, Identity = identity });
            return output;
        }

        var first = Convert("first", ImageIdentity.Seeded("seed/disk", 1700000000));
        var second = Convert("second", ImageIdentity.Seeded("seed/disk", 1700000000));
        Assert.True(File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(second)), $"{formatName} {subformat}: two seeded conversions differ");
        // -F: qemu-img detects a fixed VHD (only a footer at the end) as raw.
        var compare = ExternalTool.Run("qemu-img", "compare", "-f", "raw", "-F", formatName, source, first);
        Assert.True(compare.ExitCode == 0, $"qemu-img compare {formatName} {subformat}: {compare.Output}{compare.Error}");

        var other = Convert("other", ImageIdentity.Seeded("another/disk", 1700000000));
        var random = Convert("random", ImageIdentity.Random);
        var carriesIdentity = formatName is "vmdk" or "vpc" or "vhdx" or "vdi";
        Assert.Equal(carriesIdentity, !File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(other)));
        Assert.Equal(carriesIdentity, !File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(random)));
    }
}
