using VirtAppliance.DiskImages.Checksums;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using L = VirtAppliance.DiskImages.Vhdx.VhdxLayout;

namespace VirtAppliance.DiskImages.Vhdx;

internal sealed partial class VhdxImage
{
    /// <summary>What opening needs from the file: the current header, the BAT and the disk parameters, all validated.</summary>
    private sealed record Layout(byte[] Header, long Sequence, ulong[] Bat, long BatOffset, long BlockSize, long ChunkRatio, long Capacity)
    {
        private const long MaxMetadataRegion = 16 << 20;

        public static Layout Read(SafeFileHandle handle, string path)
        {
            var length = RandomAccess.GetLength(handle);
            var identifier = Bytes(handle, 0, 8, length, path, "file identifier");
            if (Text(identifier) != L.FileSignature)
            {
                throw CorruptImage.Error(path, "VHDX file identifier", 0, "is not \"vhdxfile\"");
            }

            var (header, sequence) = CurrentHeader(handle, path, length);
            if (new Guid(header.AsSpan(L.HeaderLogGuid, 16)) != Guid.Empty)
            {
                throw new NotSupportedException($"{path}: the VHDX log holds changes that were never replayed (the image was not closed cleanly); open it once with Hyper-V or 'qemu-img check -r all', which replay the log, then retry");
            }

            var version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(L.HeaderVersion));
            if (version != 1)
            {
                throw new NotSupportedException($"{path}: VHDX version {version} is not supported (1)");
            }

            var regions = RegionTable(handle, path, length);
            var (batOffset, batLength) = regions.TryGetValue(L.BatRegion, out var bat) ? bat
                : throw CorruptImage.Error(path, "VHDX region table", L.RegionTable1Offset, "has no BAT region");
            var (metadataOffset, metadataLength) = regions.TryGetValue(L.MetadataRegion, out var metadata) ? metadata
                : throw CorruptImage.Error(path, "VHDX region table", L.RegionTable1Offset, "has no metadata region");
            var (blockSize, capacity, logicalSector) = Metadata(handle, path, length, metadataOffset, metadataLength);
            var chunkRatio = (1L << 23) * logicalSector / blockSize;
            var blocks = (capacity + blockSize - 1) / blockSize;
            var entries = blocks + (blocks > 0 ? (blocks - 1) / chunkRatio : 0);
            if (entries * 8 > batLength)
            {
                throw CorruptImage.Error(path, "VHDX BAT region", batOffset, $"holds {batLength / 8} entries; the {capacity}-byte disk needs {entries}");
            }

            var batBytes = Bytes(handle, batOffset, (int)(entries * 8), length, path, "BAT");
            var table = new ulong[entries];
            for (var i = 0; i < entries; i++)
            {
                table[i] = BinaryPrimitives.ReadUInt64LittleEndian(batBytes.AsSpan(i * 8));
                var state = table[i] & L.BatStateMask;
                var offset = (long)(table[i] >> L.BatOffsetShift) * L.Mib;
                if (state == L.BatPartiallyPresent)
                {
                    throw new NotSupportedException($"{path}: partially present VHDX blocks (differencing disks) are not supported");
                }

                if (state == L.BatFullyPresent && (i + 1) % (chunkRatio + 1) != 0 && offset >= length)
                {
                    throw CorruptImage.Error(path, $"VHDX BAT entry {i}", batOffset + i * 8L, $"points to a payload block at {offset}, past the end of the {length}-byte file");
                }
            }

            return new Layout(header, sequence, table, batOffset, blockSize, chunkRatio, capacity);
        }

        private static (byte[] Header, long Sequence) CurrentHeader(SafeFileHandle handle, string path, long length)
        {
            (byte[] Header, long Sequence)? best = null;
            foreach (var offset in new[] { L.Header1Offset, L.Header2Offset })
            {
                if (offset + L.HeaderSize > length)
                {
                    continue;
                }

                var header = Bytes(handle, offset, L.HeaderSize, length, path, "header");
                var valid = Text(header.AsSpan(0, 4)) == L.HeaderSignature &&
                            BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(L.HeaderChecksum)) == Crc32C.Compute(header, L.HeaderChecksum);
                var sequence = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(L.HeaderSequence));
                if (valid && (best is null || sequence > best.Value.Sequence))
                {
                    best = (header, sequence);
                }
            }

            return best ?? throw CorruptImage.Error(path, "VHDX headers", L.Header1Offset, "are both damaged (signature or CRC-32C checksum mismatch)");
        }

        private static Dictionary<Guid, (long Offset, long Length)> RegionTable(SafeFileHandle handle, string path, long length)
        {
            foreach (var offset in new[] { L.RegionTable1Offset, L.RegionTable2Offset })
            {
                var table = Bytes(handle, offset, L.RegionTableSize, length, path, "region table");
                if (Text(table.AsSpan(0, 4)) != L.RegionSignature ||
                    BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(L.RegionChecksum)) != Crc32C.Compute(table, L.RegionChecksum))
                {
                    continue;
                }

                var count = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(L.RegionEntryCount));
                if (count > L.MaxRegionEntries)
                {
                    throw CorruptImage.Error(path, "VHDX region entry count", offset + L.RegionEntryCount, $"is {count}; at most {L.MaxRegionEntries}");
                }

                var regions = new Dictionary<Guid, (long, long)>();
                for (var i = 0; i < count; i++)
                {
                    var (id, fileOffset, regionLength, required) = VhdxRegionEntry.Read(table.AsSpan(L.RegionEntriesStart + i * L.RegionEntrySize, L.RegionEntrySize));
                    if (id != L.BatRegion && id != L.MetadataRegion)
                    {
                        if (required)
                        {
                            throw new NotSupportedException($"{path}: the VHDX requires region {id}, which this version does not know");
                        }

                        continue;
                    }

                    if (fileOffset < L.Mib || fileOffset % L.Mib != 0 || fileOffset + regionLength > length)
                    {
                        throw CorruptImage.Error(path, $"VHDX region {i}", offset + L.RegionEntriesStart + i * L.RegionEntrySize,
                            $"lies at {fileOffset}+{regionLength}, unaligned or outside the {length}-byte file");
                    }

                    regions[id] = (fileOffset, regionLength);
                }

                return regions;
            }

            throw CorruptImage.Error(path, "VHDX region tables", L.RegionTable1Offset, "are both damaged (signature or CRC-32C checksum mismatch)");
        }

        private static (long BlockSize, long Capacity, long LogicalSector) Metadata(SafeFileHandle handle, string path, long length, long offset, long regionLength)
        {
            var region = Bytes(handle, offset, (int)Math.Min(regionLength, MaxMetadataRegion), length, path, "metadata region");
            if (Text(region.AsSpan(0, 8)) != L.MetadataSignature)
            {
                throw CorruptImage.Error(path, "VHDX metadata table", offset, "lacks its \"metadata\" signature");
            }

            var count = BinaryPrimitives.ReadUInt16LittleEndian(region.AsSpan(L.MetadataEntryCount));
            var items = new Dictionary<Guid, byte[]>();
            for (var i = 0; i < Math.Min((int)count, L.MaxMetadataEntries); i++)
            {
                var (id, itemOffset, itemLength, _) = VhdxMetadataEntry.Read(region.AsSpan(L.MetadataEntriesStart + i * L.MetadataEntrySize, L.MetadataEntrySize));
                if ((long)itemOffset + itemLength > region.Length)
                {
                    throw CorruptImage.Error(path, $"VHDX metadata entry {i}", offset + L.MetadataEntriesStart + i * L.MetadataEntrySize, "points outside the metadata region");
                }

                items[id] = region.AsSpan((int)itemOffset, (int)itemLength).ToArray();
            }

            var parameters = Item(items, L.FileParameters, 8, path, offset);
            var blockSize = BinaryPrimitives.ReadUInt32LittleEndian(parameters);
            if ((BinaryPrimitives.ReadUInt32LittleEndian(parameters.AsSpan(4)) & L.FileParametersHasParent) != 0 || items.ContainsKey(L.ParentLocator))
            {
                throw new NotSupportedException($"{path}: differencing VHDX disks are not supported");
            }

            if (blockSize < L.Mib || blockSize > 256 * L.Mib || (blockSize & (blockSize - 1)) != 0)
            {
                throw CorruptImage.Error(path, "VHDX block size", offset, $"is {blockSize}; it must be a power of two from 1 MiB to 256 MiB");
            }

            var capacity = BinaryPrimitives.ReadInt64LittleEndian(Item(items, L.VirtualDiskSize, 8, path, offset));
            var sector = BinaryPrimitives.ReadUInt32LittleEndian(Item(items, L.LogicalSectorSize, 4, path, offset));
            if (capacity is < 0 or > L.MaxVirtualSize || sector is not (512 or 4096))
            {
                throw CorruptImage.Error(path, "VHDX virtual disk size", offset, $"is {capacity} with {sector}-byte sectors; at most 64 TiB with 512- or 4096-byte sectors");
            }

            return (blockSize, capacity, sector);
        }

        private static byte[] Item(Dictionary<Guid, byte[]> items, Guid id, int size, string path, long offset) =>
            items.TryGetValue(id, out var item) && item.Length >= size
                ? item
                : throw CorruptImage.Error(path, $"VHDX metadata item {id}", offset, "is missing or too short");

        private static byte[] Bytes(SafeFileHandle handle, long offset, int count, long length, string path, string what)
        {
            if (offset < 0 || offset + count > length)
            {
                throw CorruptImage.Error(path, $"VHDX {what}", offset, $"({count} bytes) lies past the end of the {length}-byte file");
            }

            var bytes = new byte[count];
            RandomAccess.Read(handle, bytes, offset);
            return bytes;
        }
    }
}
