using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using VirtAppliance.DiskImages.Compression;
using VirtAppliance.DiskImages.Conversion;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>
/// Writes a streamOptimized VMDK in one pass, in VMware's own layout (what ESXi, AWS import and VirtualBox accept):
/// header version 3 with the grain directory "at end", the descriptor, zlib-compressed grains each behind a marker,
/// every grain table behind a marker right after the grains it covers, then the grain directory, the footer (a header
/// copy with the real directory offset) and the end-of-stream marker. Write-only.
/// </summary>
internal sealed class VmdkStreamImage : DiskImage, ICompressedClusterTarget
{
    private const long DescriptorSectors = 20;
    private const long FirstGrainSector = 128;

    private readonly SafeFileHandle _handle;
    private readonly VmdkSparseHeader _header;
    private readonly uint[] _directory;
    private readonly uint[] _table = new uint[VmdkConstants.GtesPerGt];
    private long _tableIndex = -1;
    private long _lastGrain = -1;
    private long _position;
    private bool _finished;

    private VmdkStreamImage(string path, SafeFileHandle handle, VmdkSparseHeader header, long capacity)
        : base(path, writable: true)
    {
        _handle = handle;
        _header = header;
        Capacity = capacity;
        _directory = new uint[header.GrainTables];
        _position = FirstGrainSector * VmdkConstants.SectorSize;
    }

    public override DiskFormat Format => VmdkFormat.Instance;

    public override long Capacity { get; }

    int ICompressedClusterTarget.CompressedClusterSize => (int)_header.GrainBytes;

    ClusterCodec ICompressedClusterTarget.Codec => ClusterCodec.ZlibFramed;

    int ICompressedClusterTarget.MaxCompressedLength => ZlibFramedCodec.MaxCompressedLength((int)_header.GrainBytes);

    /// <summary>Creates a streamOptimized VMDK of <paramref name="capacity"/> bytes at <paramref name="path"/>.</summary>
    /// <param name="path">Where to create it.</param>
    /// <param name="capacity">The virtual size in bytes.</param>
    /// <param name="identity">Where the CID and UUIDs come from (random by default).</param>
    /// <param name="finalName">The name the file will have, when <paramref name="path"/> is a temporary one (the descriptor names its extent file).</param>
    /// <param name="adapterType">The ddb.adapterType (ide, lsilogic, buslogic, legacyESX).</param>
    public static VmdkStreamImage Create(string path, long capacity, ImageIdentity? identity = null, string? finalName = null, string adapterType = VmdkCreator.DefaultAdapterType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var sectors = (capacity + VmdkConstants.SectorSize - 1) / VmdkConstants.SectorSize;
        var header = new VmdkSparseHeader
        {
            Version = 3,
            Flags = VmdkConstants.FlagNewlineTest | VmdkConstants.FlagCompressed | VmdkConstants.FlagMarkers,
            CapacitySectors = sectors,
            DescriptorOffset = 1,
            DescriptorSize = DescriptorSectors,
            GdOffset = VmdkConstants.GdAtEnd,
            OverHead = FirstGrainSector,
            CompressAlgorithm = VmdkConstants.CompressionDeflate,
        };
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        var start = new byte[FirstGrainSector * VmdkConstants.SectorSize];
        header.Write(start);
        var descriptor = Encoding.ASCII.GetBytes(VmdkDescriptor.Write(sectors, "streamOptimized", finalName ?? Path.GetFileName(path), adapterType, (identity ?? ImageIdentity.Random).NewUInt32("vmdk.cid"), (identity ?? ImageIdentity.Random).NewGuid("vmdk.uuid")));
        descriptor.CopyTo(start, VmdkConstants.SectorSize);
        RandomAccess.Write(handle, start, 0);
        return new VmdkStreamImage(path, handle, header, (capacity + VmdkConstants.SectorSize - 1) / VmdkConstants.SectorSize * VmdkConstants.SectorSize);
    }

    public void WriteCompressedCluster(long clusterIndex, ReadOnlySpan<byte> compressed)
    {
        if (clusterIndex <= _lastGrain)
        {
            throw new InvalidOperationException($"{FilePath}: stream-optimized grains must be written in increasing order");
        }

        var tableIndex = clusterIndex / VmdkConstants.GtesPerGt;
        if (tableIndex != _tableIndex)
        {
            EmitTable();
            _tableIndex = tableIndex;
        }

        var sector = _position / VmdkConstants.SectorSize;
        var record = new byte[Align(VmdkFieldLocations.GrainMarkerData + compressed.Length)];
        BinaryPrimitives.WriteInt64LittleEndian(record, clusterIndex * _header.GrainSectors);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(VmdkFieldLocations.MarkerSize), compressed.Length);
        compressed.CopyTo(record.AsSpan(VmdkFieldLocations.GrainMarkerData));
        RandomAccess.Write(_handle, record, _position);
        _position += record.Length;
        _table[clusterIndex % VmdkConstants.GtesPerGt] = (uint)sector;
        _lastGrain = clusterIndex;
    }

    protected override void WriteCore(long offset, ReadOnlySpan<byte> data) =>
        throw new NotSupportedException($"{FilePath}: a stream-optimized VMDK is written only through conversion");

    protected override void ReadCore(long offset, Span<byte> buffer) =>
        throw new NotSupportedException($"{FilePath}: a stream-optimized VMDK being written cannot be read back until it is finished");

    protected override void WriteZeroesCore(long offset, long length)
    {
    }

    protected override IEnumerable<Extent> GetOwnExtentsCore(long offset, long length) =>
        throw new NotSupportedException($"{FilePath}: a stream-optimized VMDK being written has no map yet");

    /// <summary>Writes the last grain table, the grain directory, the footer and the end-of-stream marker.</summary>
    public override void Flush()
    {
        if (_finished)
        {
            return;
        }

        EmitTable();
        var directoryBytes = new byte[Align(_directory.Length * 4)];
        for (var i = 0; i < _directory.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(directoryBytes.AsSpan(i * 4), _directory[i]);
        }

        WriteMarker(directoryBytes.Length / VmdkConstants.SectorSize, VmdkConstants.MarkerGrainDirectory);
        var directorySector = _position / VmdkConstants.SectorSize;
        RandomAccess.Write(_handle, directoryBytes, _position);
        _position += directoryBytes.Length;
        WriteMarker(1, VmdkConstants.MarkerFooter);
        var footer = new byte[VmdkConstants.SectorSize];
        (_header with { GdOffset = (ulong)directorySector }).Write(footer);
        RandomAccess.Write(_handle, footer, _position);
        _position += footer.Length;
        WriteMarker(0, VmdkConstants.MarkerEos);
        RandomAccess.SetLength(_handle, _position);
        _finished = true;
    }

    protected override void Dispose(bool disposing) => _handle.Dispose();

    private void EmitTable()
    {
        if (_tableIndex < 0)
        {
            return;
        }

        var bytes = new byte[VmdkConstants.GtesPerGt * 4];
        for (var i = 0; i < _table.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), _table[i]);
        }

        WriteMarker(bytes.Length / VmdkConstants.SectorSize, VmdkConstants.MarkerGrainTable);
        _directory[_tableIndex] = (uint)(_position / VmdkConstants.SectorSize);
        RandomAccess.Write(_handle, bytes, _position);
        _position += bytes.Length;
        Array.Clear(_table);
        _tableIndex = -1;
    }

    private void WriteMarker(long sectors, uint type)
    {
        var marker = new byte[VmdkConstants.SectorSize];
        BinaryPrimitives.WriteInt64LittleEndian(marker, sectors);
        BinaryPrimitives.WriteUInt32LittleEndian(marker.AsSpan(VmdkFieldLocations.MarkerType), type);
        RandomAccess.Write(_handle, marker, _position);
        _position += marker.Length;
    }

    private static int Align(int bytes) => (bytes + VmdkConstants.SectorSize - 1) / VmdkConstants.SectorSize * VmdkConstants.SectorSize;
}
