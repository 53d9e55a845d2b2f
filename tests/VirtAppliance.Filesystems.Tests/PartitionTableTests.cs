using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using VirtAppliance.DiskImages;
using VirtAppliance.Filesystems.Partitions;
using VirtAppliance.TestSupport;

namespace VirtAppliance.Filesystems.Tests;

/// <summary>The MBR and GPT codecs against sfdisk, which writes the tables we read and reads the ones we write.</summary>
[Trait("Category", "Tools")]
public sealed class PartitionTableTests
{
    private const int Sector = PartitionTables.SectorSize;
    private const long DiskSize = 64L << 20;

    [Fact]
    public void A_gpt_sfdisk_wrote_reads_as_sfdisk_lists_it()
    {
        using var folder = new TempDirectory();
        var disk = Blank(folder.File("gpt.raw"));
        Sfdisk(disk, "label: gpt\nstart=2048, size=8192, type=uefi, name=\"esp\"\nstart=10240, size=20480, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709\n");

        var slots = Read(disk)!;
        var listed = Listed(disk);
        Assert.Equal(listed.Count, slots.Count);
        for (var i = 0; i < slots.Count; i++)
        {
            Assert.Equal(listed[i].Start * Sector, slots[i].Offset);
            Assert.Equal(listed[i].Size * Sector, slots[i].Size);
            Assert.Equal(Guid.Parse(listed[i].Type), slots[i].GptType);
        }

        Assert.Equal(PartitionTypes.EfiSystem, slots[0].GptType);
        Assert.Equal(PartitionTypes.LinuxRootX86_64, slots[1].GptType);
    }

    [Fact]
    public void An_mbr_sfdisk_wrote_reads_with_its_type_bytes_and_skips_the_extended_partition()
    {
        using var folder = new TempDirectory();
        var disk = Blank(folder.File("mbr.raw"));
        Sfdisk(disk, "label: dos\nstart=2048, size=8192, type=ef, bootable\nstart=10240, size=20480, type=83\nstart=30720, size=20480, type=5\nstart=32768, size=4096, type=82\n");

        var slots = Read(disk)!;
        Assert.Equal([1, 2], slots.Select(s => s.Number));
        Assert.Equal((byte)0xef, slots[0].MbrType);
        Assert.Equal(2048L * Sector, slots[0].Offset);
        Assert.Equal((byte)0x83, slots[1].MbrType);
        Assert.Equal(20480L * Sector, slots[1].Size);
    }

    [Fact]
    public void A_gpt_written_with_the_codecs_is_what_sfdisk_reads()
    {
        using var folder = new TempDirectory();
        var disk = Blank(folder.File("ours.raw"));
        var unique = Guid.Parse("11111111-2222-3333-4444-555555555555");
        var entries = new byte[128 * GptFieldLocations.Entry.Length];
        new GptEntry(PartitionTypes.LinuxFilesystem, unique, 2048, 4095, GptEntry.LegacyBiosBootable, "data").Write(entries);
        var last = DiskSize / Sector - 1;
        var header = new GptHeader(1, last, 34, last - 33, Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), 2, 128, GptFieldLocations.Entry.Length, Crc32.HashToUInt32(entries));
        var mbr = new byte[Sector];
        new MbrEntry(false, PartitionTypes.MbrGptProtective, 1, (uint)last).Write(mbr.AsSpan(MbrFieldLocations.Entries, MbrFieldLocations.EntryLength));
        BinaryPrimitives.WriteUInt16LittleEndian(mbr.AsSpan(MbrFieldLocations.BootSignature), PartitionTables.BootSignature);
        using (var file = new FileStream(disk, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.Write(file.SafeFileHandle, mbr, 0);
            RandomAccess.Write(file.SafeFileHandle, Sectors(header), Sector);
            RandomAccess.Write(file.SafeFileHandle, entries, 2 * Sector);
            RandomAccess.Write(file.SafeFileHandle, entries, (last - 32) * Sector);
            RandomAccess.Write(file.SafeFileHandle, Sectors(header with { CurrentLba = last, BackupLba = 1, EntriesLba = last - 32 }), last * Sector);
        }

        var verify = ExternalTool.Run("sfdisk", "--verify", disk);
        Assert.True(verify.ExitCode == 0 && !verify.Output.Contains("problem", StringComparison.OrdinalIgnoreCase), verify.Output + verify.Error);
        var dump = ExternalTool.Ok("sfdisk", "--dump", disk);
        Assert.Contains("label-id: AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE", dump);
        Assert.Contains("start=        2048, size=        2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=11111111-2222-3333-4444-555555555555, name=\"data\", attrs=\"LegacyBIOSBootable\"", dump);
        Assert.Equal("data", GptEntry.Read(entries).Name);
    }

    [Theory]
    [InlineData(GptFieldLocations.Header.EntryCount, 100_000, "not plausible")]
    [InlineData(GptFieldLocations.Header.EntrySize, 64, "not plausible")]
    [InlineData(GptFieldLocations.Header.EntriesLba, 1, "not plausible")]
    [InlineData(GptFieldLocations.Header.EntriesLba, 1L << 40, "beyond the disk")]
    public void A_hostile_gpt_header_is_refused_naming_the_disk(int field, long value, string expected)
    {
        using var folder = new TempDirectory();
        var disk = Blank(folder.File("hostile.raw"));
        Sfdisk(disk, "label: gpt\nstart=2048, size=8192\n");
        using (var file = new FileStream(disk, FileMode.Open, FileAccess.ReadWrite))
        {
            var bytes = new byte[8];
            if (field == GptFieldLocations.Header.EntriesLba)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            }

            RandomAccess.Write(file.SafeFileHandle, bytes.AsSpan(0, field == GptFieldLocations.Header.EntriesLba ? 8 : 4), Sector + field);
        }

        var error = Assert.Throws<InvalidDataException>(() => Read(disk));
        Assert.Contains("hostile.raw", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_gpt_partition_beyond_the_disk_is_refused()
    {
        using var folder = new TempDirectory();
        var disk = Blank(folder.File("beyond.raw"));
        Sfdisk(disk, "label: gpt\nstart=2048, size=8192\n");
        using (var file = new FileStream(disk, FileMode.Open, FileAccess.ReadWrite))
        {
            var last = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(last, long.MaxValue / 256);
            RandomAccess.Write(file.SafeFileHandle, last, 2 * Sector + GptFieldLocations.Entry.LastLba);
        }

        var error = Assert.Throws<InvalidDataException>(() => Read(disk));
        Assert.Contains("partition 1", error.Message);
        Assert.Contains("beyond the disk", error.Message);
    }

    [Fact]
    public void A_disk_without_a_table_has_no_slots()
    {
        using var folder = new TempDirectory();
        Assert.Null(Read(Blank(folder.File("blank.raw"))));
    }

    private static string Blank(string path)
    {
        using var file = File.Create(path);
        file.SetLength(DiskSize);
        return path;
    }

    private static void Sfdisk(string disk, string script)
    {
        var input = disk + ".sfdisk";
        File.WriteAllText(input, script);
        ExternalTool.Ok("sh", "-c", "sfdisk --quiet --no-reread \"$1\" < \"$2\"", "sh", disk, input);
    }

    private static IReadOnlyList<PartitionSlot>? Read(string disk)
    {
        using var image = DiskImageOpener.Open(disk);
        return PartitionTableReader.Read(image, disk);
    }

    private static List<(long Start, long Size, string Type)> Listed(string disk) =>
        JsonDocument.Parse(ExternalTool.Ok("sfdisk", "--json", disk)).RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray()
            .Select(p => (p.GetProperty("start").GetInt64(), p.GetProperty("size").GetInt64(), p.GetProperty("type").GetString()!))
            .ToList();

    private static byte[] Sectors(GptHeader header)
    {
        var sector = new byte[Sector];
        header.Write(sector);
        return sector;
    }
}
