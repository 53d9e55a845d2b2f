using VirtAppliance.DiskImages.Checksums;
using System.Buffers.Binary;
using System.Text;
using L = VirtAppliance.DiskImages.Vhdx.VhdxLayout;

namespace VirtAppliance.DiskImages.Vhdx;

public sealed partial class VhdxImage
{
    private const long LogOffset = L.Mib;
    private const long LogLength = L.Mib;
    private const long MetadataOffset = 2 * L.Mib;
    private const long MetadataLength = L.Mib;
    private const long BatOffset = 3 * L.Mib;
    private const int MetadataItemsStart = 64 * 1024;
    private const uint MetadataRequired = 4;
    private const uint MetadataVirtualDisk = 2;
    private const uint LeaveBlocksAllocated = 1;
    private const int PhysicalSectorSize = 4096;
    private const int LogicalSectorSize = 512;

    /// <summary>Creates a dynamic or fixed VHDX with 8 MiB blocks and 512-byte logical sectors, laid out as qemu-img does.</summary>
    public static VhdxImage Create(string path, long capacity, bool isFixed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (capacity > L.MaxVirtualSize)
        {
            throw new ArgumentException($"{capacity} bytes exceed the 64 TiB a VHDX can hold");
        }

        var size = (capacity + LogicalSectorSize - 1) / LogicalSectorSize * LogicalSectorSize;
        long blockSize = L.DefaultBlockSize;
        var chunkRatio = (1L << 23) * LogicalSectorSize / blockSize;
        var blocks = (size + blockSize - 1) / blockSize;
        var entries = blocks + (blocks > 0 ? (blocks - 1) / chunkRatio : 0);
        var batLength = AlignMib(Math.Max(1, entries * 8));
        var dataStart = BatOffset + batLength;

        var start = new byte[dataStart];
        Encoding.ASCII.GetBytes(L.FileSignature).CopyTo(start, 0);
        Encoding.Unicode.GetBytes("virt-appliance").CopyTo(start, 8);
        WriteHeader(start.AsSpan((int)L.Header1Offset, L.HeaderSize), 1);
        WriteHeader(start.AsSpan((int)L.Header2Offset, L.HeaderSize), 2);
        WriteRegionTable(start.AsSpan((int)L.RegionTable1Offset, L.RegionTableSize), batLength);
        WriteRegionTable(start.AsSpan((int)L.RegionTable2Offset, L.RegionTableSize), batLength);
        WriteMetadata(start.AsSpan((int)MetadataOffset, (int)MetadataLength), size, blockSize, isFixed);
        for (var block = 0L; isFixed && block < blocks; block++)
        {
            var host = dataStart + block * blockSize;
            var index = block + block / chunkRatio;
            BinaryPrimitives.WriteUInt64LittleEndian(start.AsSpan((int)(BatOffset + index * 8)), ((ulong)(host / L.Mib) << L.BatOffsetShift) | L.BatFullyPresent);
        }

        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read))
        {
            RandomAccess.Write(handle, start, 0);
            RandomAccess.SetLength(handle, dataStart + (isFixed ? blocks * blockSize : 0));
        }

        return Open(path, writable: true);
    }

    private static void WriteHeader(Span<byte> header, long sequence)
    {
        Encoding.ASCII.GetBytes(L.HeaderSignature).CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.HeaderSequence..], sequence);
        Guid.NewGuid().TryWriteBytes(header.Slice(L.HeaderFileWriteGuid, 16));
        Guid.NewGuid().TryWriteBytes(header.Slice(L.HeaderDataWriteGuid, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header[L.HeaderVersion..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.HeaderLogLength..], (uint)LogLength);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.HeaderLogOffset..], LogOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.HeaderChecksum..], Crc32C.Compute(header, L.HeaderChecksum));
    }

    private static void WriteRegionTable(Span<byte> table, long batLength)
    {
        Encoding.ASCII.GetBytes(L.RegionSignature).CopyTo(table);
        BinaryPrimitives.WriteUInt32LittleEndian(table[L.RegionEntryCount..], 2);
        WriteRegion(table.Slice(L.RegionEntriesStart, L.RegionEntrySize), L.BatRegion, BatOffset, batLength);
        WriteRegion(table.Slice(L.RegionEntriesStart + L.RegionEntrySize, L.RegionEntrySize), L.MetadataRegion, MetadataOffset, MetadataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(table[L.RegionChecksum..], Crc32C.Compute(table, L.RegionChecksum));
    }

    private static void WriteRegion(Span<byte> entry, Guid id, long offset, long length)
    {
        id.TryWriteBytes(entry[..16]);
        BinaryPrimitives.WriteInt64LittleEndian(entry[16..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[28..], 1);
    }

    private static void WriteMetadata(Span<byte> region, long size, long blockSize, bool isFixed)
    {
        Encoding.ASCII.GetBytes(L.MetadataSignature).CopyTo(region);
        var items = new (Guid Id, byte[] Data, uint Flags)[]
        {
            (L.FileParameters, [.. BitConverter.GetBytes((uint)blockSize), .. BitConverter.GetBytes(isFixed ? LeaveBlocksAllocated : 0u)], MetadataRequired),
            (L.VirtualDiskSize, BitConverter.GetBytes(size), MetadataRequired | MetadataVirtualDisk),
            (L.VirtualDiskId, Guid.NewGuid().ToByteArray(), MetadataRequired | MetadataVirtualDisk),
            (L.LogicalSectorSize, BitConverter.GetBytes((uint)LogicalSectorSize), MetadataRequired | MetadataVirtualDisk),
            (L.PhysicalSectorSize, BitConverter.GetBytes((uint)PhysicalSectorSize), MetadataRequired | MetadataVirtualDisk),
        };
        BinaryPrimitives.WriteUInt16LittleEndian(region[L.MetadataEntryCount..], (ushort)items.Length);
        var position = MetadataItemsStart;
        for (var i = 0; i < items.Length; i++)
        {
            var entry = region.Slice(L.MetadataEntriesStart + i * L.MetadataEntrySize, L.MetadataEntrySize);
            items[i].Id.TryWriteBytes(entry[..16]);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], (uint)position);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], (uint)items[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], items[i].Flags);
            items[i].Data.CopyTo(region[position..]);
            position += (items[i].Data.Length + 7) / 8 * 8;
        }
    }
}
