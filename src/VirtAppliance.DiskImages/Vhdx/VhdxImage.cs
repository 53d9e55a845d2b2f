using VirtAppliance.DiskImages.Checksums;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using L = VirtAppliance.DiskImages.Vhdx.VhdxLayout;

namespace VirtAppliance.DiskImages.Vhdx;

/// <summary>
/// A VHDX (dynamic or fixed; differencing and dirty logs are refused clearly). New payload blocks are appended at
/// 1 MiB boundaries; the BAT is written on flush, after a header with a new sequence number marks the data as changed.
/// </summary>
internal sealed partial class VhdxImage : BlockMappedImage
{
    private readonly ulong[] _bat;
    private readonly long _batOffset;
    private readonly long _blockSize;
    private readonly long _chunkRatio;
    private readonly long _capacity;
    private byte[] _header;
    private long _headerSequence;
    private long _fileEnd;
    private bool _dirty;
    private bool _headerUpdated;

    private readonly ImageIdentity _identity;

    private VhdxImage(string path, SafeFileHandle handle, bool writable, Layout layout, ImageIdentity identity)
        : base(path, writable, handle)
    {
        _identity = identity;
        _header = layout.Header;
        _headerSequence = layout.Sequence;
        _bat = layout.Bat;
        _batOffset = layout.BatOffset;
        _blockSize = layout.BlockSize;
        _chunkRatio = layout.ChunkRatio;
        _capacity = layout.Capacity;
        _fileEnd = AlignMib(RandomAccess.GetLength(handle));
    }

    public override DiskFormat Format => VhdxFormat.Instance;

    public override long Capacity => _capacity;

    private protected override long BlockSize => _blockSize;

    public static VhdxImage Open(string path, bool writable) => Open(path, writable, ImageIdentity.Random);

    /// <summary>Opens the image; <paramref name="identity"/>: where the GUIDs a first write puts into the header come from.</summary>
    private static VhdxImage Open(string path, bool writable, ImageIdentity identity) =>
        HandleIo.Open(path, writable, handle => new VhdxImage(path, handle, writable, Layout.Read(handle, path), identity));

    public override void Flush()
    {
        if (!IsWritable || !_dirty)
        {
            return;
        }

        var bytes = new byte[_bat.Length * 8];
        for (var i = 0; i < _bat.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), _bat[i]);
        }

        RandomAccess.Write(Handle, bytes, _batOffset);
        _dirty = false;
    }

    private protected override WritePlacement Placement => WritePlacement.Appended;

    private protected override long AppendOffset => _fileEnd;

    private protected override void TrimToContent() => RandomAccess.SetLength(Handle, _fileEnd);

    private long BatIndex(long block) => block + block / _chunkRatio;

    private protected override long BlockData(long block)
    {
        var entry = _bat[BatIndex(block)];
        return (entry & L.BatStateMask) == L.BatFullyPresent ? (long)(entry >> L.BatOffsetShift) * L.Mib : -1;
    }

    private protected override long AllocateBlock(long block)
    {
        var host = _fileEnd;
        _fileEnd = AlignMib(host + _blockSize);
        GrowTo(_fileEnd);
        _bat[BatIndex(block)] = ((ulong)(host / L.Mib) << L.BatOffsetShift) | L.BatFullyPresent;
        _dirty = true;
        return host;
    }

    /// <summary>Before the first change: a header with the next sequence number and a new data-write GUID, in the other slot.</summary>
    private protected override void BeforeWrite()
    {
        if (_headerUpdated)
        {
            return;
        }

        _headerUpdated = true;
        var header = (byte[])_header.Clone();
        _headerSequence++;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(L.HeaderSequence), _headerSequence);
        _identity.NewGuid($"vhdx.file-write.{_headerSequence}").TryWriteBytes(header.AsSpan(L.HeaderFileWriteGuid, 16));
        _identity.NewGuid($"vhdx.data-write.{_headerSequence}").TryWriteBytes(header.AsSpan(L.HeaderDataWriteGuid, 16));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(L.HeaderChecksum), Crc32C.Compute(header, L.HeaderChecksum));
        var slot = _headerSequence % 2 == 0 ? L.Header1Offset : L.Header2Offset;
        RandomAccess.Write(Handle, header, slot);
        _header = header;
    }

    private static long AlignMib(long offset) => (offset + L.Mib - 1) / L.Mib * L.Mib;

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
