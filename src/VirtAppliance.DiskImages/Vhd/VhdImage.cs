using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using F = VirtAppliance.DiskImages.Vhd.VhdFieldLocations;

namespace VirtAppliance.DiskImages.Vhd;

/// <summary>
/// A VHD: fixed (the data, then the footer), dynamic (blocks of a sector bitmap plus data, found through the BAT),
/// or differencing (a dynamic disk whose clear bitmap bits fall through to the parent). New blocks are appended
/// where the footer was; the BAT and the footer are rewritten on flush.
/// </summary>
internal sealed class VhdImage : BlockMappedImage
{
    private readonly VhdFooter _footer;
    private readonly VhdDynamicHeader? _dynamic;
    private readonly uint[] _bat;
    private readonly int _bitmapSize;
    private long _dataEnd;
    private bool _dirty;

    private VhdImage(string path, SafeFileHandle handle, bool writable, VhdFooter footer, VhdDynamicHeader? dynamic, uint[] bat, long dataEnd)
        : base(path, writable, handle)
    {
        _footer = footer;
        _dynamic = dynamic;
        _bat = bat;
        _dataEnd = dataEnd;
        _bitmapSize = dynamic is null ? 0 : RoundToSector((int)(dynamic.BlockSize / VhdConstants.SectorSize / 8));
    }

    public override DiskFormat Format => VhdFormat.Instance;

    public override long Capacity => _footer.VirtualSize;

    public bool IsFixed => _footer.DiskType == VhdConstants.TypeFixed;

    public bool IsDifferencing => _footer.DiskType == VhdConstants.TypeDifferencing;

    public override string? BackingFileName => IsDifferencing ? ParentPath() : null;

    public static VhdImage Open(string path, bool writable) =>
        HandleIo.Open(path, writable, handle => Open(path, handle, writable));

    private static VhdImage Open(string path, SafeFileHandle handle, bool writable)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < F.FooterSize)
        {
            throw CorruptImage.Error(path, "VHD footer", 0, $"is missing: the file has only {length} bytes");
        }

        var tail = new byte[F.FooterSize];
        RandomAccess.Read(handle, tail, length - F.FooterSize);
        var footerPosition = length - F.FooterSize;
        if (!VhdFooter.HasCookie(tail))
        {
            RandomAccess.Read(handle, tail, 0);
            footerPosition = 0;
        }

        var footer = VhdFooter.Read(tail, path, footerPosition);
        if (footer.DiskType == VhdConstants.TypeFixed)
        {
            if (footer.CurrentSize > length - F.FooterSize || footer.VirtualSize > length - F.FooterSize)
            {
                throw CorruptImage.Error(path, "VHD current size", footerPosition + F.CurrentSize, $"is {footer.CurrentSize}, more than the {length - F.FooterSize} data bytes of this fixed disk (the file is truncated)");
            }

            return new VhdImage(path, handle, writable, footer, null, [], length - F.FooterSize);
        }

        if (footer.DiskType is not (VhdConstants.TypeDynamic or VhdConstants.TypeDifferencing))
        {
            throw CorruptImage.Error(path, "VHD disk type", footerPosition + F.DiskType, $"is {footer.DiskType}; 2 fixed, 3 dynamic, 4 differencing are defined");
        }

        if (footer.DataOffset > (ulong)(length - F.DynamicHeaderSize))
        {
            throw CorruptImage.Error(path, "VHD data offset", footerPosition + F.DataOffset, $"points to {footer.DataOffset}, past the end of the {length}-byte file");
        }

        var headerBytes = new byte[F.DynamicHeaderSize];
        RandomAccess.Read(handle, headerBytes, (long)footer.DataOffset);
        var dynamic = VhdDynamicHeader.Read(headerBytes, path, (long)footer.DataOffset, (offset, count) => ReadBytes(handle, offset, count, length, path));
        var blocksNeeded = (footer.VirtualSize + dynamic.BlockSize - 1) / dynamic.BlockSize;
        if (dynamic.MaxTableEntries < blocksNeeded || dynamic.MaxTableEntries > 1 << 24 ||
            dynamic.TableOffset < 0 || dynamic.TableOffset + dynamic.MaxTableEntries * 4L > length)
        {
            throw CorruptImage.Error(path, "VHD block allocation table", (long)footer.DataOffset + F.TableOffset,
                $"({dynamic.MaxTableEntries} entries at {dynamic.TableOffset}) does not fit the file or cannot cover the {footer.VirtualSize}-byte disk");
        }

        var batBytes = ReadBytes(handle, dynamic.TableOffset, (int)(dynamic.MaxTableEntries * 4), length, path);
        var bat = new uint[dynamic.MaxTableEntries];
        for (var i = 0; i < bat.Length; i++)
        {
            bat[i] = BinaryPrimitives.ReadUInt32BigEndian(batBytes.AsSpan(i * 4));
        }

        var image = new VhdImage(path, handle, writable, footer, dynamic, bat, RoundToSector(length - F.FooterSize));
        image.CheckBlocks(length);
        return image;
    }

    /// <summary>Creates a fixed or dynamic VHD; the size is rounded up to CHS geometry unless exact (QEMU's force_size).</summary>
    public static VhdImage Create(string path, long capacity, bool isFixed, bool exactSize, ImageIdentity? identity = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var geometry = VhdGeometry.RoundUp(capacity);
        var size = exactSize ? (capacity + VhdConstants.SectorSize - 1) / VhdConstants.SectorSize * VhdConstants.SectorSize : geometry.Sectors * VhdConstants.SectorSize;
        if (!exactSize && geometry.Sectors < capacity / VhdConstants.SectorSize)
        {
            throw new ArgumentException($"{capacity} bytes exceed the largest CHS geometry (about 127 GiB); use exact sizing (force_size)");
        }

        var tableEntries = (uint)((size + VhdConstants.DefaultBlockSize - 1) / VhdConstants.DefaultBlockSize);
        var footer = new VhdFooter
        {
            DataOffset = isFixed ? VhdConstants.NoDataOffset : F.FooterSize,
            CreatorApplication = exactSize ? VhdConstants.ExactSizeCreator : VhdConstants.CreatorQemu,
            OriginalSize = size,
            CurrentSize = size,
            Geometry = geometry,
            DiskType = isFixed ? VhdConstants.TypeFixed : VhdConstants.TypeDynamic,
            Timestamp = VhdFooter.TimestampOf((identity ?? ImageIdentity.Random).Now),
            UniqueId = (identity ?? ImageIdentity.Random).NewGuid("vhd.unique-id"),
        };
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (isFixed)
            {
                RandomAccess.SetLength(handle, size);
                var image = new VhdImage(path, handle, writable: true, footer, null, [], size) { _dirty = true };
                image.Flush();
                return image;
            }

            var tableOffset = (long)F.FooterSize + F.DynamicHeaderSize;
            var dynamic = new VhdDynamicHeader { TableOffset = tableOffset, MaxTableEntries = tableEntries, BlockSize = VhdConstants.DefaultBlockSize };
            var header = new byte[F.DynamicHeaderSize];
            dynamic.Write(header);
            RandomAccess.Write(handle, header, F.FooterSize);
            var bat = Enumerable.Repeat(VhdConstants.Unallocated, (int)tableEntries).ToArray();
            var dataStart = RoundToSector(tableOffset + tableEntries * 4L);
            var dynamicImage = new VhdImage(path, handle, writable: true, footer, dynamic, bat, dataStart) { _dirty = true };
            dynamicImage.Flush();
            return dynamicImage;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private protected override void BeforeWrite()
    {
        if (IsDifferencing)
        {
            throw new NotSupportedException($"{FilePath}: writing to differencing VHDs is not supported");
        }
    }

    private protected override WritePlacement Placement => IsFixed ? WritePlacement.InPlace : WritePlacement.Appended;

    private protected override long AppendOffset => _dataEnd;

    private protected override void TrimToContent() => RandomAccess.SetLength(Handle, _dataEnd);

    /// <summary>A fixed disk is one block holding everything; a dynamic one has BAT blocks behind their sector bitmaps.</summary>
    private protected override long BlockSize => _dynamic?.BlockSize ?? long.MaxValue / 4;

    private protected override long BlockData(long block) =>
        _dynamic is null ? 0 : BlockStart(block) is var start and >= 0 ? start + _bitmapSize : -1;

    public override void Flush()
    {
        if (!IsWritable || !_dirty)
        {
            return;
        }

        var footer = new byte[F.FooterSize];
        _footer.Write(footer);
        if (_dynamic is not null)
        {
            var bat = new byte[RoundToSector(_bat.Length * 4L)];
            bat.AsSpan().Fill(0xff);
            for (var i = 0; i < _bat.Length; i++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bat.AsSpan(i * 4), _bat[i]);
            }

            RandomAccess.Write(Handle, bat, _dynamic.TableOffset);
            RandomAccess.Write(Handle, footer, 0);
        }

        RandomAccess.Write(Handle, footer, _dataEnd);
        RandomAccess.SetLength(Handle, _dataEnd + F.FooterSize);
        _dirty = false;
    }

    /// <summary>Runs of guest bytes: the host offset of their data, or Unstored (zeros) / FromParent.</summary>
    private protected override IEnumerable<(long Offset, int Length, long Host)> Runs(long offset, long length)
    {
        var end = offset + length;
        if (_dynamic is null || !IsDifferencing)
        {
            foreach (var run in base.Runs(offset, length))
            {
                yield return run;
            }

            yield break;
        }

        var blockSize = _dynamic.BlockSize;
        byte[]? bitmap = null;
        var bitmapBlock = -1L;
        while (offset < end)
        {
            var block = offset / blockSize;
            var within = offset % blockSize;
            var start = BlockStart(block);
            if (start < 0)
            {
                var count = (int)Math.Min(end - offset, blockSize - within);
                yield return (offset, count, FromParent);
                offset += count;
                continue;
            }

            if (bitmapBlock != block)
            {
                bitmap = ReadBytes(Handle, start, _bitmapSize, RandomAccess.GetLength(Handle), FilePath);
                bitmapBlock = block;
            }

            var sector = (int)(within / VhdConstants.SectorSize);
            var sectorEnd = Math.Min(end, offset - within % VhdConstants.SectorSize + VhdConstants.SectorSize);
            var present = (bitmap![sector / 8] & (0x80 >> (sector % 8))) != 0;
            var run = (int)(sectorEnd - offset);
            yield return (offset, run, present ? start + _bitmapSize + within : FromParent);
            offset += run;
        }
    }

    private long BlockStart(long block)
    {
        var entry = _bat[block];
        return entry == VhdConstants.Unallocated ? -1 : (long)entry * VhdConstants.SectorSize;
    }

    private protected override long AllocateBlock(long block)
    {
        var start = _dataEnd;
        var bitmap = new byte[_bitmapSize];
        bitmap.AsSpan().Fill(0xff);
        RandomAccess.Write(Handle, bitmap, start);
        _dataEnd = start + _bitmapSize + _dynamic!.BlockSize;
        GrowTo(_dataEnd);
        _bat[block] = (uint)(start / VhdConstants.SectorSize);
        _dirty = true;
        return start + _bitmapSize;
    }

    private void CheckBlocks(long fileLength)
    {
        for (var i = 0; i < _bat.Length; i++)
        {
            var start = BlockStart(i);
            if (start >= 0 && start + _bitmapSize > fileLength)
            {
                throw CorruptImage.Error(FilePath, $"VHD BAT entry {i}", _dynamic!.TableOffset + i * 4L, $"points to sector {_bat[i]}, beyond the end of the {fileLength}-byte file");
            }

            if (start >= 0)
            {
                _dataEnd = Math.Max(_dataEnd, RoundToSector(start + _bitmapSize + _dynamic!.BlockSize));
            }
        }
    }

    private string? ParentPath()
    {
        var relative = _dynamic?.ParentLocators.FirstOrDefault(l => l.Platform == "W2ru").Path;
        var absolute = _dynamic?.ParentLocators.FirstOrDefault(l => l.Platform is "W2ku" or "MacX" or "Mac ").Path;
        var candidate = relative ?? absolute ?? _dynamic?.ParentName;
        if (string.IsNullOrEmpty(candidate))
        {
            throw CorruptImage.Error(FilePath, "differencing VHD has no parent locator or parent name; its parent cannot be found");
        }

        candidate = candidate.Replace('\\', '/');
        if (candidate.StartsWith("file://", StringComparison.Ordinal))
        {
            candidate = new Uri(candidate).LocalPath;
        }

        return candidate.StartsWith("./", StringComparison.Ordinal) ? candidate[2..] : candidate;
    }

    private static byte[] ReadBytes(SafeFileHandle handle, long offset, int count, long fileLength, string path)
    {
        if (offset < 0 || offset + count > fileLength)
        {
            throw CorruptImage.Error(path, "VHD structure", offset, $"({count} bytes) lies beyond the end of the {fileLength}-byte file");
        }

        var bytes = new byte[count];
        RandomAccess.Read(handle, bytes, offset);
        return bytes;
    }

    private static int RoundToSector(int bytes) => (bytes + VhdConstants.SectorSize - 1) / VhdConstants.SectorSize * VhdConstants.SectorSize;

    private static long RoundToSector(long bytes) => (bytes + VhdConstants.SectorSize - 1) / VhdConstants.SectorSize * VhdConstants.SectorSize;
}
