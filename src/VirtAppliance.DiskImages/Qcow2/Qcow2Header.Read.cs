using System.Buffers.Binary;
using F = VirtAppliance.DiskImages.Qcow2.Qcow2FieldLocations;

namespace VirtAppliance.DiskImages.Qcow2;

internal sealed partial record Qcow2Header
{
    /// <summary>Decodes and range-checks the header against the file's length. Extensions are read separately.</summary>
    public static Qcow2Header Read(ReadOnlySpan<byte> data, string path, long fileLength)
    {
        if (data.Length < F.V2HeaderEnd)
        {
            throw CorruptImage.Error(path, "qcow2 header", 0, $"is truncated: the file has {data.Length} bytes, the header needs {F.V2HeaderEnd}");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[F.Magic..]) != Qcow2Constants.Magic)
        {
            throw CorruptImage.Error(path, "magic", F.Magic, "is not QFI\\xfb");
        }

        var version = BinaryPrimitives.ReadInt32BigEndian(data[F.Version..]);
        if (version is not (2 or 3))
        {
            throw new NotSupportedException($"{path}: qcow version {version} is not supported (only qcow2 versions 2 and 3)");
        }

        var clusterBits = BinaryPrimitives.ReadInt32BigEndian(data[F.ClusterBits..]);
        if (clusterBits is < Qcow2Constants.MinClusterBits or > Qcow2Constants.MaxClusterBits)
        {
            throw CorruptImage.Error(path, "cluster_bits", F.ClusterBits, $"is {clusterBits}; it must be 9 to 21 (512 B to 2 MiB clusters)");
        }

        var header = new Qcow2Header
        {
            Version = version,
            BackingFileOffset = BinaryPrimitives.ReadUInt64BigEndian(data[F.BackingFileOffset..]),
            BackingFileSize = BinaryPrimitives.ReadUInt32BigEndian(data[F.BackingFileSize..]),
            ClusterBits = clusterBits,
            Size = ReadNonNegative(data, F.Size, "size", path),
            CryptMethod = BinaryPrimitives.ReadUInt32BigEndian(data[F.CryptMethod..]),
            L1Size = BinaryPrimitives.ReadUInt32BigEndian(data[F.L1Size..]),
            L1TableOffset = ReadNonNegative(data, F.L1TableOffset, "l1_table_offset", path),
            RefcountTableOffset = ReadNonNegative(data, F.RefcountTableOffset, "refcount_table_offset", path),
            RefcountTableClusters = BinaryPrimitives.ReadUInt32BigEndian(data[F.RefcountTableClusters..]),
            NbSnapshots = BinaryPrimitives.ReadUInt32BigEndian(data[F.NbSnapshots..]),
            SnapshotsOffset = ReadNonNegative(data, F.SnapshotsOffset, "snapshots_offset", path),
            HeaderLength = F.V2HeaderEnd,
        };

        if (version >= 3)
        {
            header = ReadVersion3Fields(header, data, path);
        }

        header.Validate(path, fileLength);
        return header;
    }

    private static Qcow2Header ReadVersion3Fields(Qcow2Header header, ReadOnlySpan<byte> data, string path)
    {
        if (data.Length < F.V3MinimumHeaderEnd)
        {
            throw CorruptImage.Error(path, "qcow2 v3 header", 0, $"is truncated at {data.Length} bytes; it needs {F.V3MinimumHeaderEnd}");
        }

        var headerLength = BinaryPrimitives.ReadInt32BigEndian(data[F.HeaderLength..]);
        if (headerLength < F.V3MinimumHeaderEnd || headerLength % 8 != 0 || headerLength > header.ClusterSize)
        {
            throw CorruptImage.Error(path, "header_length", F.HeaderLength, $"is {headerLength}; it must be a multiple of 8 from 104 to the cluster size");
        }

        var refcountOrder = BinaryPrimitives.ReadInt32BigEndian(data[F.RefcountOrder..]);
        if (refcountOrder is < 0 or > 6)
        {
            throw CorruptImage.Error(path, "refcount_order", F.RefcountOrder, $"is {refcountOrder}; it must be 0 to 6");
        }

        var compression = CompressionType.Zlib;
        if (headerLength > F.CompressionType)
        {
            if (data.Length <= F.CompressionType)
            {
                throw CorruptImage.Error(path, "qcow2 header", 0, $"is truncated at {data.Length} bytes; header_length says {headerLength}");
            }

            var value = data[F.CompressionType];
            compression = value switch
            {
                0 => CompressionType.Zlib,
                1 => CompressionType.Zstd,
                _ => throw new NotSupportedException($"{path}: compression_type {value} is not supported (0 zlib, 1 zstd)"),
            };
        }

        return header with
        {
            IncompatibleFeatures = (Qcow2IncompatibleFeatures)BinaryPrimitives.ReadUInt64BigEndian(data[F.IncompatibleFeatures..]),
            CompatibleFeatures = (Qcow2CompatibleFeatures)BinaryPrimitives.ReadUInt64BigEndian(data[F.CompatibleFeatures..]),
            AutoclearFeatures = (Qcow2AutoclearFeatures)BinaryPrimitives.ReadUInt64BigEndian(data[F.AutoclearFeatures..]),
            RefcountOrder = refcountOrder,
            HeaderLength = headerLength,
            CompressionType = compression,
        };
    }

    private void Validate(string path, long fileLength)
    {
        var clusterSize = ClusterSize;
        CheckTable(path, "l1_table_offset", F.L1TableOffset, L1TableOffset, (long)L1Size * 8, fileLength, clusterSize);
        if ((long)L1Size * 8 > Qcow2Constants.MaxL1TableBytes)
        {
            throw CorruptImage.Error(path, "l1_size", F.L1Size, $"is {L1Size} entries; more than the 32 MiB table QEMU allows");
        }

        var needed = Qcow2Geometry.RequiredL1Entries(Size, ClusterBits, HasExtendedL2);
        if (L1Size < needed)
        {
            throw CorruptImage.Error(path, "l1_size", F.L1Size, $"is {L1Size}; a {Size}-byte disk needs at least {needed} entries");
        }

        var refcountTableBytes = (long)RefcountTableClusters << ClusterBits;
        if (refcountTableBytes > Qcow2Constants.MaxRefcountTableBytes)
        {
            throw CorruptImage.Error(path, "refcount_table_clusters", F.RefcountTableClusters, $"is {RefcountTableClusters}; more than the 8 MiB table QEMU allows");
        }

        CheckTable(path, "refcount_table_offset", F.RefcountTableOffset, RefcountTableOffset, refcountTableBytes, fileLength, clusterSize);
        if (NbSnapshots > Qcow2Constants.MaxSnapshots)
        {
            throw CorruptImage.Error(path, "nb_snapshots", F.NbSnapshots, $"is {NbSnapshots}; at most {Qcow2Constants.MaxSnapshots} are allowed");
        }

        if (NbSnapshots > 0)
        {
            CheckTable(path, "snapshots_offset", F.SnapshotsOffset, SnapshotsOffset, 40, fileLength, clusterSize);
        }

        if (BackingFileOffset != 0)
        {
            if (BackingFileSize > Qcow2Constants.MaxBackingFileNameLength || BackingFileSize == 0)
            {
                throw CorruptImage.Error(path, "backing_file_size", F.BackingFileSize, $"is {BackingFileSize}; it must be 1 to 1023");
            }

            if (BackingFileOffset > (ulong)fileLength || BackingFileOffset + BackingFileSize > (ulong)fileLength)
            {
                throw CorruptImage.Error(path, "backing_file_offset", F.BackingFileOffset, $"points to {BackingFileOffset}+{BackingFileSize}, past the end of the {fileLength}-byte file");
            }
        }

        if (HasExtendedL2 && ClusterBits < Qcow2Constants.MinExtendedL2ClusterBits)
        {
            throw CorruptImage.Error(path, "cluster_bits", F.ClusterBits, $"is {ClusterBits}; extended L2 entries need clusters of at least 16 KiB");
        }
    }

    private static void CheckTable(string path, string field, int fieldOffset, long offset, long bytes, long fileLength, long clusterSize)
    {
        if (offset % clusterSize != 0)
        {
            throw CorruptImage.Error(path, field, fieldOffset, $"is {offset}, which is not aligned to the {clusterSize}-byte cluster size");
        }

        if (bytes > 0 && (offset == 0 || offset > fileLength || bytes > fileLength - offset))
        {
            throw CorruptImage.Error(path, field, fieldOffset, $"points to a {bytes}-byte table at {offset}, outside the {fileLength}-byte file");
        }
    }

    private static long ReadNonNegative(ReadOnlySpan<byte> data, int offset, string field, string path)
    {
        var value = BinaryPrimitives.ReadInt64BigEndian(data[offset..]);
        return value >= 0 ? value : throw CorruptImage.Error(path, field, offset, $"is {(ulong)value}, larger than any file");
    }
}
