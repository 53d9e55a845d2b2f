using System.Buffers.Binary;

namespace VirtAppliance.DiskImages.Tests.Infrastructure;

/// <summary>Damages qcow2 files in precise ways, reading the layout from the header as the spec describes it.</summary>
public static class ImagePatcher
{
    public const int ClusterBitsOffset = 20;
    public const int SizeOffset = 24;
    public const int CryptMethodOffset = 32;
    public const int L1SizeOffset = 36;
    public const int L1TableOffsetOffset = 40;
    public const int RefcountTableOffsetOffset = 48;
    public const int IncompatibleFeaturesOffset = 72;

    public static ulong ReadU64(string path, long offset)
    {
        var buffer = new byte[8];
        using var stream = File.OpenRead(path);
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return BinaryPrimitives.ReadUInt64BigEndian(buffer);
    }

    public static void WriteU64(string path, long offset, ulong value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        Write(path, offset, buffer);
    }

    public static void WriteU32(string path, long offset, uint value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        Write(path, offset, buffer);
    }

    public static void WriteU16(string path, long offset, ushort value)
    {
        var buffer = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, value);
        Write(path, offset, buffer);
    }

    public static void Write(string path, long offset, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(data);
    }

    public static long L1TableOffset(string path) => (long)ReadU64(path, L1TableOffsetOffset);

    /// <summary>The file offset of the L2 entry for a guest cluster (standard 8-byte entries).</summary>
    public static long L2EntryOffset(string path, long guestCluster, int clusterBits)
    {
        var entriesPerTable = (1L << clusterBits) / 8;
        var l1Entry = ReadU64(path, L1TableOffset(path) + guestCluster / entriesPerTable * 8);
        var table = (long)(l1Entry & 0x00fffffffffffe00UL);
        return table + guestCluster % entriesPerTable * 8;
    }

    /// <summary>The file offset of the 16-bit refcount entry for a host cluster.</summary>
    public static long RefcountEntryOffset(string path, long hostCluster, int clusterBits)
    {
        var entriesPerBlock = (1L << clusterBits) / 2;
        var tableOffset = (long)ReadU64(path, RefcountTableOffsetOffset);
        var block = (long)(ReadU64(path, tableOffset + hostCluster / entriesPerBlock * 8) & ~0x1ffUL);
        return block + hostCluster % entriesPerBlock * 2;
    }
}
