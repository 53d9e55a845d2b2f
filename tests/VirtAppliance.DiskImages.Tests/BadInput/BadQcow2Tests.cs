using VirtAppliance.DiskImages.Conversion;
using VirtAppliance.DiskImages.Inspection;
using VirtAppliance.DiskImages.Qcow2;
using VirtAppliance.DiskImages.Raw;
using VirtAppliance.TestSupport;
using static VirtAppliance.TestSupport.ExternalTool;
using static VirtAppliance.DiskImages.Tests.Infrastructure.ImagePatcher;

namespace VirtAppliance.DiskImages.Tests.BadInput;

/// <summary>Each kind of damage gives an error that names the file, the field and the offset; nothing hangs or over-allocates.</summary>
[Trait("Category", "Tools")]
public sealed class BadQcow2Tests : IDisposable
{
    private const int ClusterBits = 16;
    private readonly TempDirectory _dir = new();
    private readonly string _image;

    public BadQcow2Tests()
    {
        _image = _dir.File("victim.qcow2");
        QemuImg("create", "-f", "qcow2", _image, "4M");
        QemuIo(_image, "write -P 0x61 0 256k", "write -P 0x62 1M 64k");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TruncatedHeader()
    {
        var bytes = File.ReadAllBytes(_image)[..50];
        File.WriteAllBytes(_image, bytes);
        var error = OpenAndReadFails<InvalidDataException>();
        Assert.Contains("header", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(L1TableOffsetOffset, 1L << 40, "l1_table_offset")]
    [InlineData(L1TableOffsetOffset, 0x30008, "l1_table_offset")]
    [InlineData(RefcountTableOffsetOffset, 1L << 41, "refcount_table_offset")]
    [InlineData(RefcountTableOffsetOffset, 0x10100, "refcount_table_offset")]
    public void TableOffsetsBeyondTheFileOrUnaligned(int field, long value, string name)
    {
        WriteU64(_image, field, (ulong)value);
        var error = OpenAndReadFails<InvalidDataException>();
        Assert.Contains(name, error.Message);
        Assert.Contains($"offset {field})", error.Message);
    }

    [Fact]
    public void L1SizeImplyingTerabytesIsRefusedWithoutAllocatingIt()
    {
        WriteU32(_image, L1SizeOffset, 0x7fffffff);
        WriteU64(_image, SizeOffset, 1UL << 50);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = OpenAndReadFails<InvalidDataException>();
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "opening allocated the table");
        Assert.Contains("l1", error.Message);
    }

    [Fact]
    public void L2TableBeyondTheEndOfTheFile()
    {
        WriteU64(_image, L1TableOffset(_image), 0x8000_0000_0100_0000UL);
        var error = OpenAndReadFails<InvalidDataException>();
        Assert.Contains("L1 entry 0", error.Message);
        Assert.Contains("beyond the end", error.Message);
    }

    [Fact]
    public void ClusterReferencedTwiceIsACorruptionForUsAndForQemuImg()
    {
        var first = L2EntryOffset(_image, 0, ClusterBits);
        WriteU64(_image, first + 8, ReadU64(_image, first));
        var ours = ImageChecker.Check(_image);
        Assert.True(ours.Corruptions > 0);
        Assert.Contains(ours.Problems, p => p.Contains("refcount=1 reference=2"));
        Assert.Equal(2, Run("qemu-img", "check", _image).ExitCode);
    }

    [Fact]
    public void RefcountTooLowIsACorruptionAndTooHighALeak()
    {
        var dataCluster = (long)(ReadU64(_image, L2EntryOffset(_image, 0, ClusterBits)) & 0x00fffffffffffe00UL) >> ClusterBits;
        WriteU16(_image, RefcountEntryOffset(_image, dataCluster, ClusterBits), 0);
        Assert.True(ImageChecker.Check(_image).Corruptions > 0);
        Assert.Equal(2, Run("qemu-img", "check", _image).ExitCode);

        WriteU16(_image, RefcountEntryOffset(_image, dataCluster, ClusterBits), 1);
        var end = new FileInfo(_image).Length;
        using (var stream = new FileStream(_image, FileMode.Open))
        {
            stream.SetLength(end + (1 << ClusterBits));
        }

        WriteU16(_image, RefcountEntryOffset(_image, end >> ClusterBits, ClusterBits), 1);
        var leaked = ImageChecker.Check(_image);
        Assert.Equal(0, leaked.Corruptions);
        Assert.Equal(1, leaked.Leaks);
        Assert.Equal(3, Run("qemu-img", "check", _image).ExitCode);
    }

    [Fact]
    public void CompressedDescriptorPointingPastTheEnd()
    {
        var compressed = _dir.File("compressed.qcow2");
        QemuImg("convert", "-c", "-O", "qcow2", _image, compressed);
        var entry = L2EntryOffset(compressed, 0, ClusterBits);
        var value = ReadU64(compressed, entry);
        Assert.NotEqual(0UL, value & (1UL << 62));
        WriteU64(compressed, entry, (value & ~((1UL << 54) - 1)) | (1UL << 40));
        using var image = DiskImageOpener.Open(compressed);
        var error = Assert.Throws<InvalidDataException>(() => SampleDisk.ReadAll(image));
        Assert.Contains("compressed cluster descriptor for guest offset 0", error.Message);
        Assert.Contains(compressed, error.Message);
    }

    [Fact]
    public void CompressedDataThatDoesNotDecompress()
    {
        var compressed = _dir.File("compressed.qcow2");
        QemuImg("convert", "-c", "-O", "qcow2", _image, compressed);
        var value = ReadU64(compressed, L2EntryOffset(compressed, 0, ClusterBits));
        Write(compressed, (long)(value & ((1UL << 54) - 1)), new byte[64].Select(_ => (byte)0xff).ToArray());
        using var image = DiskImageOpener.Open(compressed);
        var error = Assert.Throws<InvalidDataException>(() => SampleDisk.ReadAll(image));
        Assert.Contains("does not decompress", error.Message);
    }

    [Fact]
    public void FileThatEndsMidCluster()
    {
        var length = new FileInfo(_image).Length;
        using (var stream = new FileStream(_image, FileMode.Open))
        {
            stream.SetLength(length - 40000);
        }

        var error = OpenAndReadFails<InvalidDataException>();
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void GarbageAfterTheMagic()
    {
        var garbage = new byte[200_000];
        new Random(5).NextBytes(garbage);
        garbage[0] = (byte)'Q';
        garbage[1] = (byte)'F';
        garbage[2] = (byte)'I';
        garbage[3] = 0xfb;
        File.WriteAllBytes(_image, garbage);
        var error = Record.Exception(() =>
        {
            using var image = DiskImageOpener.Open(_image);
            SampleDisk.ReadAll(image);
        });
        Assert.True(error is InvalidDataException or NotSupportedException, $"unexpected {error}");
        Assert.Contains(_image, error!.Message);
    }

    [Fact]
    public void RandomGarbageWithoutAnyMagicIsReadAsRawLikeQemuDoes()
    {
        var garbage = new byte[100_000];
        new Random(6).NextBytes(garbage);
        garbage[0] = 0;
        File.WriteAllBytes(_image, garbage);
        using var image = DiskImageOpener.Open(_image);
        Assert.IsType<RawImage>(image);
    }

    [Fact]
    public void UnknownIncompatibleFeatureIsNamed()
    {
        WriteU64(_image, IncompatibleFeaturesOffset, 1UL << 10);
        var error = OpenAndReadFails<NotSupportedException>();
        Assert.Contains("bit 10", error.Message);
    }

    [Theory]
    [InlineData(1u)] // AES
    [InlineData(2u)] // LUKS
    public void EncryptedImagesAreRefusedAsUnsupported(uint cryptMethod)
    {
        WriteU32(_image, CryptMethodOffset, cryptMethod);
        var error = Assert.Throws<NotSupportedException>(() => DiskImageOpener.Open(_image));
        Assert.Contains($"encrypted qcow2 images (crypt_method {cryptMethod})", error.Message);
    }

    /// <summary>
    /// A LUKS image qemu-img made ('-o encrypt.format=luks'), its key material zeroed so that it compresses to 2.5 KB:
    /// what the reader needs is the header's crypt_method and the full disk encryption header extension.
    /// </summary>
    [Fact]
    public void ALuksImageQemuImgMadeIsRefusedAsUnsupported()
    {
        var encrypted = _dir.File("luks.qcow2");
        using (var source = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "luks-encrypted.qcow2.gz")), System.IO.Compression.CompressionMode.Decompress))
        using (var target = File.Create(encrypted))
        {
            source.CopyTo(target);
        }

        var error = Assert.Throws<NotSupportedException>(() => DiskImageOpener.Open(encrypted));
        Assert.Contains("encrypted qcow2 images (crypt_method 2)", error.Message);
    }

    [Fact]
    public void ExternalDataFilesAreRefusedAsUnsupported()
    {
        var image = _dir.File("external.qcow2");
        QemuImg("create", "-f", "qcow2", "-o", $"data_file={_dir.File("data.raw")}", image, "1M");
        var error = Assert.Throws<NotSupportedException>(() => DiskImageOpener.Open(image));
        Assert.Contains("external data file", error.Message);
    }

    [Fact]
    public void ConvertingADamagedImageLeavesNoOutput()
    {
        WriteU64(_image, L1TableOffset(_image), 0x8000_0000_0100_0000UL);
        var destination = _dir.File("out.qcow2");
        Assert.Throws<InvalidDataException>(() =>
            ImageConverter.Convert(_image, destination, new ConvertOptions { OutputFormat = Qcow2Format.Instance, Compress = true }));
        Assert.Equal(["victim.qcow2"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }

    private T OpenAndReadFails<T>() where T : Exception
    {
        var error = Assert.Throws<T>(() =>
        {
            using var image = DiskImageOpener.Open(_image);
            SampleDisk.ReadAll(image);
        });
        Assert.Contains(_image, error.Message);
        return error;
    }
}
