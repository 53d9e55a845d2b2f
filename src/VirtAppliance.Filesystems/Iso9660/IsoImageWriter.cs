using System.Buffers.Binary;
using System.Text;
using VirtAppliance.DiskImages;

using V = VirtAppliance.Filesystems.Iso9660.Iso9660FieldLocations.VolumeDescriptor;
using R = VirtAppliance.Filesystems.Iso9660.Iso9660FieldLocations.DirectoryRecord;
using P = VirtAppliance.Filesystems.Iso9660.Iso9660FieldLocations.PathTableRecord;
using X = VirtAppliance.Filesystems.Iso9660.Iso9660FieldLocations.PosixEntry;

namespace VirtAppliance.Filesystems.Iso9660;

/// <summary>
/// Writes a small ISO 9660 volume with one flat root folder: primary names (level 2, upper case), Joliet names (UCS-2)
/// and Rock Ridge (SUSP SP; RRIP RR, PX and NM) so Linux sees the files' real names and modes. Same files and time, same bytes.
/// </summary>
public static class IsoImageWriter
{
    private const int SectorSize = Iso9660FieldLocations.SectorSize;
    private const int PrimaryDescriptorSector = 16;
    private const int JolietDescriptorSector = 17;
    private const int TerminatorSector = 18;
    private const int PathTablesStart = 19;
    private const int PrimaryRootSector = 23;
    private const int JolietRootSector = 24;
    private const int FirstFileSector = 25;
    private const int PathTableSize = P.RootLength;
    private const byte PrimaryType = 1;
    private const byte SupplementaryType = 2;
    private const byte TerminatorType = 255;
    private const string StandardIdentifier = "CD001";

    /// <summary>Joliet level 3 (UCS-2), in the supplementary descriptor's escape sequences.</summary>
    private const string JolietEscape = "%/E";

    /// <summary>drwxr-xr-x and -rw-r--r-- as RRIP's PX gives them.</summary>
    private const int DirectoryMode = 0x41ed;
    private const int FileMode = 0x81a4;

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

        VolumeDescriptor(image.AsSpan(PrimaryDescriptorSector * SectorSize, SectorSize), PrimaryType, volumeId, total, PathTablesStart, PathTablesStart + 1, PrimaryRootSector, time, joliet: false);
        VolumeDescriptor(image.AsSpan(JolietDescriptorSector * SectorSize, SectorSize), SupplementaryType, volumeId, total, PathTablesStart + 2, PathTablesStart + 3, JolietRootSector, time, joliet: true);
        DescriptorHeader(image.AsSpan(TerminatorSector * SectorSize, SectorSize), TerminatorType);
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

        var temporary = TemporaryFile.For(path);
        try
        {
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TemporaryFile.DeleteQuietly(temporary);
            throw;
        }
    }

    private static void DescriptorHeader(Span<byte> d, byte type)
    {
        d[V.Type] = type;
        Encoding.ASCII.GetBytes(StandardIdentifier, d.Slice(V.StandardIdentifier, V.StandardIdentifierLength));
        d[V.Version] = 1;
    }

    private static void VolumeDescriptor(Span<byte> d, byte type, string volumeId, int totalSectors, int lTable, int mTable, int rootSector, DateTimeOffset time, bool joliet)
    {
        DescriptorHeader(d, type);
        Text(d.Slice(V.SystemIdentifier, V.SystemIdentifierLength), "LINUX", joliet);
        Text(d.Slice(V.VolumeIdentifier, V.VolumeIdentifierLength), volumeId, joliet);
        BothEndian32(d[V.VolumeSpaceSize..], totalSectors);
        if (joliet)
        {
            Encoding.ASCII.GetBytes(JolietEscape, d[V.EscapeSequences..]);
        }

        BothEndian16(d[V.VolumeSetSize..], 1);
        BothEndian16(d[V.VolumeSequenceNumber..], 1);
        BothEndian16(d[V.LogicalBlockSize..], SectorSize);
        BothEndian32(d[V.PathTableSize..], PathTableSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[V.TypeLPathTable..], lTable);
        BinaryPrimitives.WriteInt32BigEndian(d[V.TypeMPathTable..], mTable);
        Record(d.Slice(V.RootDirectoryRecord, V.RootDirectoryRecordLength), [0], rootSector, SectorSize, R.DirectoryFlag, time, []);
        Text(d.Slice(V.VolumeSetIdentifier, V.VolumeSetIdentifierLength), "", joliet);
        Text(d.Slice(V.PublisherIdentifier, V.PublisherIdentifierLength), "", joliet);
        Text(d.Slice(V.PreparerIdentifier, V.PreparerIdentifierLength), "", joliet);
        Text(d.Slice(V.ApplicationIdentifier, V.ApplicationIdentifierLength), "VIRT-APPLIANCE", joliet);
        Text(d.Slice(V.CopyrightFileIdentifier, V.FileIdentifierLength), "", joliet);
        Text(d.Slice(V.AbstractFileIdentifier, V.FileIdentifierLength), "", joliet);
        Text(d.Slice(V.BibliographicFileIdentifier, V.FileIdentifierLength), "", joliet);
        LongDate(d.Slice(V.CreationTime, V.LongDateLength), time);
        LongDate(d.Slice(V.ModificationTime, V.LongDateLength), time);
        Encoding.ASCII.GetBytes("0000000000000000", d.Slice(V.ExpirationTime, V.LongDateLength - 1));
        LongDate(d.Slice(V.EffectiveTime, V.LongDateLength), time);
        d[V.FileStructureVersion] = 1;
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

        byte[] rootUse = joliet ? [] : [.. RockRidgeRoot(), .. Posix(DirectoryMode, 2)];
        Add([0], self, SectorSize, R.DirectoryFlag, rootUse);
        Add([1], self, SectorSize, R.DirectoryFlag, joliet ? [] : Posix(DirectoryMode, 2));
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var name = joliet ? Encoding.BigEndianUnicode.GetBytes(file.Name) : Encoding.ASCII.GetBytes(PrimaryName(file.Name));
            Add(name, sectors[i], file.Content.Length, 0, joliet ? [] : [.. Posix(FileMode, 1), .. AlternateName(file.Name)]);
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

    private static int RecordLength(int nameLength, int systemUseLength) => R.Name + nameLength + (nameLength % 2 == 0 ? 1 : 0) + systemUseLength;

    private static void Record(Span<byte> r, byte[] name, int sector, int length, byte flags, DateTimeOffset time, byte[] systemUse)
    {
        r[R.Length] = (byte)RecordLength(name.Length, systemUse.Length);
        BothEndian32(r[R.Extent..], sector);
        BothEndian32(r[R.DataLength..], length);
        var utc = time.UtcDateTime;
        var recorded = r.Slice(R.RecordingTime, R.RecordingTimeLength);
        recorded[0] = (byte)(utc.Year - 1900);
        recorded[1] = (byte)utc.Month;
        recorded[2] = (byte)utc.Day;
        recorded[3] = (byte)utc.Hour;
        recorded[4] = (byte)utc.Minute;
        recorded[5] = (byte)utc.Second;
        r[R.Flags] = flags;
        BothEndian16(r[R.VolumeSequenceNumber..], 1);
        r[R.NameLength] = (byte)name.Length;
        name.CopyTo(r[R.Name..]);
        systemUse.CopyTo(r[(R.Name + name.Length + (name.Length % 2 == 0 ? 1 : 0))..]);
    }

    private static void PathTable(Span<byte> table, int rootSector, bool bigEndian)
    {
        table[P.NameLength] = 1;
        if (bigEndian)
        {
            BinaryPrimitives.WriteInt32BigEndian(table[P.Extent..], rootSector);
            BinaryPrimitives.WriteInt16BigEndian(table[P.ParentNumber..], 1);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(table[P.Extent..], rootSector);
            BinaryPrimitives.WriteInt16LittleEndian(table[P.ParentNumber..], 1);
        }
    }

    /// <summary>SUSP's SP (Rock Ridge present, no bytes skipped) and RRIP 1.09's RR (PX and NM are used), in the root's "." record.</summary>
    private static byte[] RockRidgeRoot() => [(byte)'S', (byte)'P', 7, 1, 0xbe, 0xef, 0, (byte)'R', (byte)'R', 5, 1, 0x09];

    private static byte[] Posix(int mode, int links)
    {
        var entry = new byte[X.Length];
        entry[0] = (byte)'P';
        entry[1] = (byte)'X';
        entry[Iso9660FieldLocations.SystemUseEntry.Length] = X.Length;
        entry[Iso9660FieldLocations.SystemUseEntry.Version] = 1;
        BothEndian32(entry.AsSpan(X.Mode), mode);
        BothEndian32(entry.AsSpan(X.Links), links);
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
