using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.Customization.Seeds;

/// <summary>
/// Writes a small ISO 9660 volume with one flat root folder: primary names (level 2, upper case), Joliet names (UCS-2)
/// and Rock Ridge (SUSP SP; RRIP RR, PX and NM) so Linux sees the files' real names and modes. Same files and time, same bytes.
/// </summary>
public static class IsoImageWriter
{
    private const int SectorSize = 2048;
    private const int SystemAreaSectors = 16;
    private const int PrimaryDescriptorSector = 16;
    private const int JolietDescriptorSector = 17;
    private const int TerminatorSector = 18;
    private const int PathTablesStart = 19;
    private const int PrimaryRootSector = 23;
    private const int JolietRootSector = 24;
    private const int FirstFileSector = 25;
    private const int PathTableSize = 10;
    private const byte DirectoryFlag = 2;

    public sealed record IsoFile(string Name, byte[] Content);

    public static void Write(string path, string volumeId, IReadOnlyList<IsoFile> files, DateTimeOffset time)
    {
        var ordered = files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var sectors = new List<int>();
        var next = FirstFileSector;
        foreach (var file in ordered)
        {
            sectors.Add(next);
            next += Math.Max(1, (file.Content.Length + SectorSize - 1) / SectorSize);
        }

        var total = next;
        var image = new byte[(long)total * SectorSize];
        var primaryRoot = Directory(ordered, sectors, PrimaryRootSector, time, joliet: false);
        var jolietRoot = Directory(ordered, sectors, JolietRootSector, time, joliet: true);
        if (primaryRoot.Length > SectorSize || jolietRoot.Length > SectorSize)
        {
            throw new ArgumentException("too many files for a one-sector seed folder");
        }

        VolumeDescriptor(image.AsSpan(PrimaryDescriptorSector * SectorSize, SectorSize), 1, volumeId, total, PathTablesStart, PathTablesStart + 1, PrimaryRootSector, time, joliet: false);
        VolumeDescriptor(image.AsSpan(JolietDescriptorSector * SectorSize, SectorSize), 2, volumeId, total, PathTablesStart + 2, PathTablesStart + 3, JolietRootSector, time, joliet: true);
        var terminator = image.AsSpan(TerminatorSector * SectorSize, SectorSize);
        terminator[0] = 255;
        Encoding.ASCII.GetBytes("CD001", terminator[1..6]);
        terminator[6] = 1;
        PathTable(image.AsSpan((PathTablesStart + 0) * SectorSize), PrimaryRootSector, bigEndian: false);
        PathTable(image.AsSpan((PathTablesStart + 1) * SectorSize), PrimaryRootSector, bigEndian: true);
        PathTable(image.AsSpan((PathTablesStart + 2) * SectorSize), JolietRootSector, bigEndian: false);
        PathTable(image.AsSpan((PathTablesStart + 3) * SectorSize), JolietRootSector, bigEndian: true);
        primaryRoot.CopyTo(image.AsSpan(PrimaryRootSector * SectorSize));
        jolietRoot.CopyTo(image.AsSpan(JolietRootSector * SectorSize));
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Content.CopyTo(image.AsSpan(sectors[i] * SectorSize));
        }

        var temporary = DiskImages.TemporaryFile.For(path);
        try
        {
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            DiskImages.TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }

    private static void VolumeDescriptor(Span<byte> d, byte type, string volumeId, int totalSectors, int lTable, int mTable, int rootSector, DateTimeOffset time, bool joliet)
    {
        d[0] = type;
        Encoding.ASCII.GetBytes("CD001", d[1..6]);
        d[6] = 1;
        Text(d[8..40], "LINUX", joliet);
        Text(d[40..72], volumeId, joliet);
        BothEndian32(d[80..], totalSectors);
        if (joliet)
        {
            Encoding.ASCII.GetBytes("%/E", d[88..91]);
        }

        BothEndian16(d[120..], 1);
        BothEndian16(d[124..], 1);
        BothEndian16(d[128..], SectorSize);
        BothEndian32(d[132..], PathTableSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[140..], lTable);
        BinaryPrimitives.WriteInt32BigEndian(d[148..], mTable);
        Record(d[156..190], [0], rootSector, SectorSize, DirectoryFlag, time, []);
        Text(d[190..318], "", joliet);
        Text(d[318..446], "", joliet);
        Text(d[446..574], "", joliet);
        Text(d[574..702], "VIRT-APPLIANCE", joliet);
        Text(d[702..739], "", joliet);
        Text(d[739..776], "", joliet);
        Text(d[776..813], "", joliet);
        LongDate(d[813..830], time);
        LongDate(d[830..847], time);
        Encoding.ASCII.GetBytes("0000000000000000", d[847..863]);
        LongDate(d[864..881], time);
        d[881] = 1;
    }

    private static byte[] Directory(List<IsoFile> files, List<int> sectors, int self, DateTimeOffset time, bool joliet)
    {
        var output = new List<byte>();
        void Add(byte[] name, int sector, int length, byte flags, byte[] systemUse)
        {
            var record = new byte[RecordLength(name.Length, systemUse.Length)];
            Record(record, name, sector, length, flags, time, systemUse);
            output.AddRange(record);
        }

        byte[] rootUse = joliet ? [] : [.. RockRidgeRoot(), .. Posix(0x41ed, 2)];
        Add([0], self, SectorSize, DirectoryFlag, rootUse);
        Add([1], self, SectorSize, DirectoryFlag, joliet ? [] : Posix(0x41ed, 2));
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var name = joliet ? Encoding.BigEndianUnicode.GetBytes(file.Name) : Encoding.ASCII.GetBytes(PrimaryName(file.Name));
            Add(name, sectors[i], file.Content.Length, 0, joliet ? [] : [.. Posix(0x81a4, 1), .. AlternateName(file.Name)]);
        }

        return [.. output];
    }

    /// <summary>An ISO 9660 level 2 name: upper case d-characters, a dot, version 1.</summary>
    private static string PrimaryName(string name)
    {
        var cleaned = new string(name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var dot = name.LastIndexOf('.');
        return (dot > 0 ? cleaned[..dot] + "." + cleaned[(dot + 1)..] : cleaned + ".") + ";1";
    }

    private static int RecordLength(int nameLength, int systemUseLength) => 33 + nameLength + (nameLength % 2 == 0 ? 1 : 0) + systemUseLength;

    private static void Record(Span<byte> r, byte[] name, int sector, int length, byte flags, DateTimeOffset time, byte[] systemUse)
    {
        r[0] = (byte)RecordLength(name.Length, systemUse.Length);
        BothEndian32(r[2..], sector);
        BothEndian32(r[10..], length);
        var utc = time.UtcDateTime;
        r[18] = (byte)(utc.Year - 1900);
        r[19] = (byte)utc.Month;
        r[20] = (byte)utc.Day;
        r[21] = (byte)utc.Hour;
        r[22] = (byte)utc.Minute;
        r[23] = (byte)utc.Second;
        r[25] = flags;
        BothEndian16(r[28..], 1);
        r[32] = (byte)name.Length;
        name.CopyTo(r[33..]);
        systemUse.CopyTo(r[(33 + name.Length + (name.Length % 2 == 0 ? 1 : 0))..]);
    }

    private static void PathTable(Span<byte> table, int rootSector, bool bigEndian)
    {
        table[0] = 1;
        if (bigEndian)
        {
            BinaryPrimitives.WriteInt32BigEndian(table[2..], rootSector);
            BinaryPrimitives.WriteInt16BigEndian(table[6..], 1);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(table[2..], rootSector);
            BinaryPrimitives.WriteInt16LittleEndian(table[6..], 1);
        }
    }

    /// <summary>SUSP's SP (Rock Ridge present, no bytes skipped) and RRIP 1.09's RR (PX and NM are used), in the root's "." record.</summary>
    private static byte[] RockRidgeRoot() => [(byte)'S', (byte)'P', 7, 1, 0xbe, 0xef, 0, (byte)'R', (byte)'R', 5, 1, 0x09];

    private static byte[] Posix(int mode, int links)
    {
        var entry = new byte[44];
        entry[0] = (byte)'P';
        entry[1] = (byte)'X';
        entry[2] = 44;
        entry[3] = 1;
        BothEndian32(entry.AsSpan(4), mode);
        BothEndian32(entry.AsSpan(12), links);
        return entry;
    }

    private static byte[] AlternateName(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        return [(byte)'N', (byte)'M', (byte)(5 + bytes.Length), 1, 0, .. bytes];
    }

    private static void Text(Span<byte> field, string text, bool joliet)
    {
        if (joliet)
        {
            for (var i = 0; i + 1 < field.Length; i += 2)
            {
                var c = i / 2 < text.Length ? text[i / 2] : ' ';
                field[i] = (byte)(c >> 8);
                field[i + 1] = (byte)c;
            }
        }
        else
        {
            field.Fill((byte)' ');
            Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, field.Length)), field);
        }
    }

    private static void LongDate(Span<byte> field, DateTimeOffset time)
    {
        Encoding.ASCII.GetBytes(time.UtcDateTime.ToString("yyyyMMddHHmmss00", System.Globalization.CultureInfo.InvariantCulture), field[..16]);
        field[16] = 0;
    }

    private static void BothEndian16(Span<byte> field, int value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)value);
        BinaryPrimitives.WriteUInt16BigEndian(field[2..], (ushort)value);
    }

    private static void BothEndian32(Span<byte> field, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(field, value);
        BinaryPrimitives.WriteInt32BigEndian(field[4..], value);
    }
}
