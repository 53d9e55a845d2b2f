using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;

namespace VirtAppliance.DiskImages.Tests.Qcow2;

/// <summary>Random writes into overlays and plain images, checked against an in-memory model and by qemu-img.</summary>
[Trait("Category", "Tools")]
public sealed class Qcow2WriteTests
{
    private const long Size = 3 << 20;

    [Theory]
    [InlineData(65536, 16, 3, 1)]
    [InlineData(4096, 16, 3, 2)]
    [InlineData(512, 1, 3, 3)]
    [InlineData(65536, 16, 2, 4)]
    [InlineData(2 << 20, 64, 3, 5)]
    public void RandomWritesOnAnOverlayMatchTheModel(int clusterSize, int refcountBits, int version, int seed)
    {
        using var dir = new TempDirectory();
        var baseRaw = dir.File("base.raw");
        var model = SampleDisk.WriteRaw(baseRaw, Size, seed);
        var baseQcow2 = dir.File("base.qcow2");
        QemuImg("convert", "-c", "-O", "qcow2", baseRaw, baseQcow2);
        var overlay = dir.File("overlay.qcow2");
        var baseHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(baseQcow2)));
        var random = new Random(seed);
        using (Qcow2Image.Create(overlay, new Qcow2CreateOptions
        {
            Capacity = Size, ClusterSize = clusterSize, RefcountBits = refcountBits, Version = version,
            BackingFile = "base.qcow2", BackingFormat = "qcow2",
        }))
        {
        }

        using (var image = DiskImageOpener.Open(overlay, writable: true))
        {
            Assert.NotNull(image.Backing);
            for (var i = 0; i < 60; i++)
            {
                var offset = random.NextInt64(Size);
                var length = (int)Math.Min(Size - offset, random.Next(1, 200_000));
                if (random.Next(4) == 0)
                {
                    image.WriteZeroes(offset, length);
                    model.AsSpan((int)offset, length).Clear();
                }
                else
                {
                    var data = new byte[length];
                    random.NextBytes(data);
                    image.Write(offset, data);
                    data.CopyTo(model, offset);
                }
            }

            SampleDisk.AssertSame(model, SampleDisk.ReadAll(image));
        }

        AssertCleanCheck(overlay);
        File.WriteAllBytes(dir.File("model.raw"), model);
        AssertIdentical(dir.File("model.raw"), overlay);
        Assert.Equal(baseHash, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(baseQcow2))));
    }

    [Fact]
    public void WritesIntoAQemuMadeImageKeepItConsistent()
    {
        using var dir = new TempDirectory();
        var raw = dir.File("source.raw");
        var model = SampleDisk.WriteRaw(raw, Size, 41);
        var image = dir.File("qemu.qcow2");
        QemuImg("convert", "-c", "-O", "qcow2", "-o", "cluster_size=4096", raw, image);
        using (var opened = Qcow2Image.Open(image, writable: true))
        {
            var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
            opened.Write(12345, data);
            data.CopyTo(model, 12345);
            opened.WriteZeroes(1 << 20, 1 << 20);
            model.AsSpan(1 << 20, 1 << 20).Clear();
        }

        AssertCleanCheck(image);
        File.WriteAllBytes(dir.File("model.raw"), model);
        AssertIdentical(dir.File("model.raw"), image);
    }

    [Fact]
    public void QemuIoWritesIntoOurImagesKeepThemConsistent()
    {
        using var dir = new TempDirectory();
        var image = dir.File("ours.qcow2");
        using (var created = Qcow2Image.Create(image, new Qcow2CreateOptions { Capacity = Size }))
        {
            created.Write(0, new byte[70_000].Select(_ => (byte)1).ToArray());
        }

        QemuIo(image, "write -P 0x77 64k 256k", "write -z 1M 64k");
        AssertCleanCheck(image);
        using var opened = DiskImageOpener.Open(image);
        var head = new byte[65536];
        opened.Read(0, head);
        Assert.All(head, b => Assert.Equal(1, b));
        var middle = new byte[256 << 10];
        opened.Read(64 << 10, middle);
        Assert.All(middle, b => Assert.Equal(0x77, b));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("metadata")]
    public void CreatedImagesMatchQemuImgsLayout(string preallocation)
    {
        using var dir = new TempDirectory();
        var ours = dir.File("ours.qcow2");
        using (Qcow2Image.Create(ours, new Qcow2CreateOptions
        {
            Capacity = 100L << 20,
            Preallocation = preallocation == "metadata" ? Qcow2Preallocation.Metadata : Qcow2Preallocation.Off,
        }))
        {
        }

        AssertCleanCheck(ours);
        var info = QemuImg("info", ours);
        Assert.Contains("virtual size: 100 MiB", info);
        var theirs = dir.File("theirs.qcow2");
        QemuImg("create", "-f", "qcow2", "-o", $"preallocation={preallocation}", theirs, "100M");
        Assert.Equal(new FileInfo(theirs).Length, new FileInfo(ours).Length);
        var map = QemuImg("map", "--output=json", ours);
        Assert.Equal(preallocation == "metadata", map.Contains("\"data\": true"));
    }

    [Fact]
    public void ImagesWithSnapshotsAreNotWritable()
    {
        using var dir = new TempDirectory();
        var image = dir.File("snap.qcow2");
        QemuImg("create", "-f", "qcow2", image, "1M");
        QemuImg("snapshot", "-c", "s1", image);
        var error = Assert.Throws<NotSupportedException>(() => Qcow2Image.Open(image, writable: true));
        Assert.Contains("snapshots", error.Message);
    }
}
