using VirtAppliance.DiskImages.Checksums;
using System.Buffers.Binary;
using System.Text;
using L = VirtAppliance.DiskImages.Vhdx.VhdxLayout;

namespace VirtAppliance.DiskImages.Vhdx;

internal sealed partial class VhdxImage
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
    public static VhdxImage Create(string path, long capacity, bool isFixed, ImageIdentity? identity = null)
    {
        identity ??= ImageIdentity.Random;
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
        WriteHeader(start.AsSpan((int)L.Header1Offset, L.HeaderSize), 1, identity);
        WriteHeader(start.AsSpan((int)L.Header2Offset, L.HeaderSize), 2, identity);
        WriteRegionTable(start.AsSpan((int)L.RegionTable1Offset, L.RegionTableSize), batLength);
        WriteRegionTable(start.AsSpan((int)L.RegionTable2Offset, L.RegionTableSize), batLength);
        WriteMetadata(start.AsSpan((int)MetadataOffset, (int)MetadataLength), size, blockSize, isFixed, identity);
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

        return Open(path, writable: true, identity);
    }

    private static void WriteHeader(Span<byte> header, long sequence, ImageIdentity identity)
    {
        Encoding.ASCII.GetBytes(L.HeaderSignature).CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.HeaderSequence..], sequence);
        identity.NewGuid($"vhdx.file-write.{sequence}").TryWriteBytes(header.Slice(L.HeaderFileWriteGuid, 16));
        identity.NewGuid($"vhdx.data-write.{sequence}").TryWriteBytes(header.Slice(L.HeaderDataWriteGuid, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header[L.HeaderVersion..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.HeaderLogLength..], (uint)LogLength);
        BinaryPrimitives.WriteInt64LittleEndian(header[L.HeaderLogOffset..], LogOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(header[L.HeaderChecksum..], Crc32C.Compute(header, L.HeaderChecksum));
    }

    private static void WriteRegionTable(Span<byte> table, long batLength)
    {
        Encoding.ASCII.GetBytes(L.RegionSignature).CopyTo(table);
        BinaryPrimitives.WriteUInt32LittleEndian(table[L.RegionEntryCount..], 2);
        new VhdxRegionEntry(L.BatRegion, BatOffset, (uint)batLength, Required: true).Write(table.Slice(L.RegionEntriesStart, L.RegionEntrySize));
        new VhdxRegionEntry(L.MetadataRegion, MetadataOffset, (uint)MetadataLength, Required: true).Write(table.Slice(L.RegionEntriesStart + L.RegionEntrySize, L.RegionEntrySize));
        BinaryPrimitives.WriteUInt32LittleEndian(table[L.RegionChecksum..], Crc32C.Compute(table, L.RegionChecksum));
    }

    private static void WriteMetadata(Span<byte> region, long size, long blockSize, bool isFixed, ImageIdentity identity)
    {
        Encoding.ASCII.GetBytes(L.MetadataSignature).CopyTo(region);
        var fileParameters = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(fileParameters, (uint)blockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(fileParameters.AsSpan(4), isFixed ? LeaveBlocksAllocated : 0u);
        var items = new (Guid Id, byte[] Data, uint Flags)[]
        {
            (L.FileParameters, fileParameters, MetadataRequired),
            (L.VirtualDiskSize, LittleEndian(size), MetadataRequired | MetadataVirtualDisk),
            (L.VirtualDiskId, identity.NewGuid("vhdx.virtual-disk-id").ToByteArray(), MetadataRequired | MetadataVirtualDisk),
            (L.LogicalSectorSize, LittleEndian((uint)LogicalSectorSize), MetadataRequired | MetadataVirtualDisk),
            (L.PhysicalSectorSize, LittleEndian((uint)PhysicalSectorSize), MetadataRequired | MetadataVirtualDisk),
        };
        BinaryPrimitives.WriteUInt16LittleEndian(region[L.MetadataEntryCount..], (ushort)items.Length);
        var position = MetadataItemsStart;
        for (var i = 0; i < items.Length; i++)
        {
            new VhdxMetadataEntry(items[i].Id, (uint)position, (uint)items[i].Data.Length, items[i].Flags)
                .Write(region.Slice(L.MetadataEntriesStart + i * L.MetadataEntrySize, L.MetadataEntrySize));
            items[i].Data.CopyTo(region[position..]);
            position += (items[i].Data.Length + 7) / 8 * 8;
        }
    }

    private static byte[] LittleEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] LittleEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
