using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>A qcow2 image (versions 2 and 3), read and written natively.</summary>
public sealed partial class Qcow2Image : DiskImage, Conversion.ICompressedClusterTarget, IWriteLayout
{
    private const int L2CacheBytes = 32 << 20;
    private const int RefcountCacheBytes = 8 << 20;
    private const int MinCacheEntries = 16;

    private readonly SafeFileHandle _handle;
    private readonly Qcow2Extensions _extensions;
    private readonly Qcow2Geometry _geometry;
    private readonly byte[] _headerBytes;
    private readonly ulong[] _l1;
    private readonly MetadataCache _l2Cache;
    private readonly MetadataCache _refcountCache;
    private readonly string? _backingFileName;
    private Qcow2Header _header;
    private long _fileLength;

    private Qcow2Image(
        string path, SafeFileHandle handle, bool writable, Qcow2Header header, byte[] headerBytes,
        Qcow2Extensions extensions, string? backingFileName, ulong[] l1, ulong[] refcountTable, long fileLength)
        : base(path, writable)
    {
        _handle = handle;
        _header = header;
        _headerBytes = headerBytes;
        _extensions = extensions;
        _backingFileName = backingFileName;
        _l1 = l1;
        _refcountTable = refcountTable;
        _fileLength = fileLength;
        _geometry = new Qcow2Geometry(header.ClusterBits, header.HasExtendedL2, header.RefcountOrder);
        var clusterSize = (int)_geometry.ClusterSize;
        _l2Cache = new MetadataCache(handle, clusterSize, Math.Max(MinCacheEntries, L2CacheBytes / clusterSize));
        _refcountCache = new MetadataCache(handle, clusterSize, Math.Max(MinCacheEntries, RefcountCacheBytes / clusterSize));
        _allocationEnd = _geometry.AlignUp(fileLength);
    }

    /// <inheritdoc />
    public override DiskFormat Format => Qcow2Format.Instance;

    /// <inheritdoc />
    public override long Capacity => _header.Size;

    /// <inheritdoc />
    public override string? BackingFileName => _backingFileName;

    /// <inheritdoc />
    public override string? BackingFormatName => _extensions.BackingFormat;

    /// <summary>The header's version (2 or 3).</summary>
    public int Version => _header.Version;

    /// <summary>Bytes per cluster.</summary>
    public long ClusterSize => _geometry.ClusterSize;

    /// <summary>How compressed clusters are compressed.</summary>
    public CompressionType CompressionType => _header.CompressionType;

    /// <summary>Refcount width in bits.</summary>
    public int RefcountBits => _geometry.RefcountBits;

    /// <summary>Whether L2 entries have subclusters.</summary>
    public bool HasExtendedL2 => _header.HasExtendedL2;

    int Conversion.ICompressedClusterTarget.CompressedClusterSize => (int)_geometry.ClusterSize;

    Compression.ClusterCodec Conversion.ICompressedClusterTarget.Codec => Compression.ClusterCodec.For(_header.CompressionType);

    /// <summary>QEMU keeps a compressed cluster only when it saves at least a byte.</summary>
    int Conversion.ICompressedClusterTarget.MaxCompressedLength => (int)_geometry.ClusterSize - 1;

    /// <summary>Whether the dirty bit is set (lazy refcounts, not closed cleanly).</summary>
    public bool IsDirty => _header.IncompatibleFeatures.HasFlag(Qcow2IncompatibleFeatures.Dirty);

    /// <summary>Whether the corrupt bit is set.</summary>
    public bool IsMarkedCorrupt => _header.IncompatibleFeatures.HasFlag(Qcow2IncompatibleFeatures.Corrupt);

    /// <summary>Whether refcounts are updated lazily.</summary>
    public bool HasLazyRefcounts => _header.CompatibleFeatures.HasFlag(Qcow2CompatibleFeatures.LazyRefcounts);

    /// <summary>Internal snapshots in the image.</summary>
    public int SnapshotCount => (int)_header.NbSnapshots;

    internal Qcow2Header Header => _header;

    internal Qcow2Geometry Geometry => _geometry;

    internal Qcow2Extensions Extensions => _extensions;

    internal SafeFileHandle Handle => _handle;

    internal long FileLength => _fileLength;

    internal IReadOnlyList<ulong> L1Table => _l1;

    internal IReadOnlyList<ulong> RefcountTable => _refcountTable;

    /// <summary>Opens the qcow2 image at <paramref name="path"/> alone, without its backing file.</summary>
    public static Qcow2Image Open(string path, bool writable) =>
        HandleIo.Open(path, writable, handle => Open(path, handle, writable));

    private static Qcow2Image Open(string path, SafeFileHandle handle, bool writable)
    {
        var fileLength = RandomAccess.GetLength(handle);
        var probe = new byte[(int)Math.Min(fileLength, Qcow2FieldLocations.WrittenHeaderLength)];
        ReadExactly(handle, probe, 0, path, "qcow2 header");
        var header = Qcow2Header.Read(probe, path, fileLength);

        var firstCluster = new byte[(int)Math.Min(fileLength, header.ClusterSize)];
        ReadExactly(handle, firstCluster, 0, path, "qcow2 header cluster");
        header = Qcow2Header.Read(firstCluster, path, fileLength);
        var extensions = Qcow2Extensions.Read(firstCluster, header.HeaderLength, path);
        CheckFeatures(header, extensions, path);

        string? backingName = null;
        if (header.BackingFileOffset != 0)
        {
            var name = new byte[header.BackingFileSize];
            ReadExactly(handle, name, (long)header.BackingFileOffset, path, "backing file name");
            backingName = Encoding.UTF8.GetString(name);
        }

        var l1 = ReadTable(handle, header.L1TableOffset, (int)header.L1Size, path, "L1 table");
        var refcountTable = ReadTable(handle, header.RefcountTableOffset, (int)(header.RefcountTableClusters * header.ClusterSize / 8), path, "refcount table");
        var image = new Qcow2Image(path, handle, writable, header, firstCluster[..header.HeaderLength], extensions, backingName, l1, refcountTable, fileLength);
        if (writable)
        {
            image.CheckWritable();
        }

        return image;
    }

    private static void CheckFeatures(Qcow2Header header, Qcow2Extensions extensions, string path)
    {
        var unknown = (ulong)(header.IncompatibleFeatures & ~Qcow2IncompatibleFeatures.Known);
        if (unknown != 0)
        {
            var names = Enumerable.Range(0, 64).Where(bit => (unknown & (1UL << bit)) != 0).Select(bit => extensions.DescribeFeature(0, bit));
            throw new NotSupportedException($"{path}: the image uses incompatible qcow2 features this version does not know: {string.Join(", ", names)}");
        }

        if (header.IncompatibleFeatures.HasFlag(Qcow2IncompatibleFeatures.ExternalDataFile) || extensions.ExternalDataFile is not null)
        {
            throw new NotSupportedException($"{path}: qcow2 images with an external data file are not supported; convert it with qemu-img first");
        }

        if (header.CryptMethod != 0 || extensions.HasEncryptionHeader)
        {
            throw new NotSupportedException($"{path}: encrypted qcow2 images (crypt_method {header.CryptMethod}) are not supported; decrypt it with qemu-img convert first");
        }

        if (header.IncompatibleFeatures.HasFlag(Qcow2IncompatibleFeatures.CompressionType) != (header.CompressionType != CompressionType.Zlib))
        {
            throw CorruptImage.Error(path, "incompatible_features", Qcow2FieldLocations.IncompatibleFeatures, "disagrees with compression_type (bit 3 must be set exactly when the type is not zlib)");
        }
    }

    private void CheckWritable()
    {
        string? reason = null;
        if (_header.NbSnapshots > 0)
        {
            reason = "it has internal snapshots";
        }
        else if (HasExtendedL2)
        {
            reason = "it uses extended L2 entries (subclusters)";
        }
        else if (IsMarkedCorrupt)
        {
            reason = "it is marked corrupt";
        }
        else if (IsDirty)
        {
            reason = "it is marked dirty (refcounts need repair: run 'qemu-img check -r all' on it)";
        }
        else if (_extensions.Bitmaps is not null)
        {
            reason = "it holds persistent dirty bitmaps";
        }

        if (reason is not null)
        {
            throw new NotSupportedException($"{FilePath}: cannot write to this qcow2 image because {reason}; read it or convert it instead");
        }
    }

    internal static ulong[] ReadTable(SafeFileHandle handle, long offset, int entries, string path, string name)
    {
        var bytes = new byte[entries * 8L];
        ReadExactly(handle, bytes, offset, path, name);
        var table = new ulong[entries];
        for (var i = 0; i < entries; i++)
        {
            table[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * 8));
        }

        return table;
    }

    internal static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path, string what)
    {
        if (offset < 0)
        {
            throw CorruptImage.Error(path, what, offset, "has a negative offset");
        }

        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (read == 0)
            {
                throw CorruptImage.Error(path, what, offset, $"needs {buffer.Length} bytes but the file ends after {done}");
            }

            done += read;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        try
        {
            if (IsWritable && !_handle.IsClosed)
            {
                Flush();
            }
        }
        finally
        {
            _handle.Dispose();
        }
    }
}
