using System.Buffers.Binary;
using L = VirtAppliance.Filesystems.Partitions.MbrFieldLocations.Entry;

namespace VirtAppliance.Filesystems.Partitions;

/// <summary>One of the four primary entries of an MBR.</summary>
public readonly record struct MbrEntry(bool Active, byte Type, uint FirstSector, uint SectorCount)
{
    public bool IsEmpty => Type == 0 || SectorCount == 0;

    public bool IsExtended => Type is PartitionTables.ExtendedChs or PartitionTables.ExtendedLba;

    /// <summary>The status byte is 0 or 0x80 in any real table (a boot sector that is not an MBR has code there).</summary>
    public static bool HasValidStatus(ReadOnlySpan<byte> entry) => entry[L.Status] is 0 or PartitionTables.ActiveFlag;

    public static MbrEntry Read(ReadOnlySpan<byte> entry) => new(
        entry[L.Status] == PartitionTables.ActiveFlag,
        entry[L.Type],
        BinaryPrimitives.ReadUInt32LittleEndian(entry[L.FirstLba..]),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[L.SectorCount..]));

    public void Write(Span<byte> entry)
    {
        entry[L.Status] = Active ? PartitionTables.ActiveFlag : (byte)0;
        WriteChs(entry.Slice(L.FirstChs, MbrFieldLocations.Entry.ChsLength), FirstSector);
        entry[L.Type] = Type;
        WriteChs(entry.Slice(L.LastChs, MbrFieldLocations.Entry.ChsLength), (long)FirstSector + SectorCount - 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[L.FirstLba..], FirstSector);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[L.SectorCount..], SectorCount);
    }

    /// <summary>Cylinder/head/sector in the 255-head, 63-sector geometry; the 1023/254/63 maximum beyond it, as fdisk writes.</summary>
    private static void WriteChs(Span<byte> chs, long sector)
    {
        const int heads = 255, sectorsPerTrack = 63;
        var cylinder = sector / (heads * sectorsPerTrack);
        if (cylinder > 1023)
        {
            chs[0] = 254;
            chs[1] = 0xff;
            chs[2] = 0xff;
            return;
        }

        var head = sector / sectorsPerTrack % heads;
        var sectorInTrack = sector % sectorsPerTrack + 1;
        chs[0] = (byte)head;
        chs[1] = (byte)(sectorInTrack | ((cylinder >> 2) & 0xc0));
        chs[2] = (byte)cylinder;
    }
}
