using System.Buffers.Binary;
using F = VirtAppliance.DiskImages.Qcow2.Qcow2FieldLocations;

namespace VirtAppliance.DiskImages.Qcow2;

internal sealed partial record Qcow2Header
{
    /// <summary>Encodes the fixed fields; destination must hold <see cref="HeaderLength"/> bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[..HeaderLength].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.Magic..], Qcow2Constants.Magic);
        BinaryPrimitives.WriteInt32BigEndian(destination[F.Version..], Version);
        BinaryPrimitives.WriteUInt64BigEndian(destination[F.BackingFileOffset..], BackingFileOffset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.BackingFileSize..], BackingFileSize);
        BinaryPrimitives.WriteInt32BigEndian(destination[F.ClusterBits..], ClusterBits);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.Size..], Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.CryptMethod..], CryptMethod);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.L1Size..], L1Size);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.L1TableOffset..], L1TableOffset);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.RefcountTableOffset..], RefcountTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.RefcountTableClusters..], RefcountTableClusters);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.NbSnapshots..], NbSnapshots);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.SnapshotsOffset..], SnapshotsOffset);
        if (Version < 3)
        {
            return;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination[F.IncompatibleFeatures..], (ulong)IncompatibleFeatures);
        BinaryPrimitives.WriteUInt64BigEndian(destination[F.CompatibleFeatures..], (ulong)CompatibleFeatures);
        BinaryPrimitives.WriteUInt64BigEndian(destination[F.AutoclearFeatures..], (ulong)AutoclearFeatures);
        BinaryPrimitives.WriteInt32BigEndian(destination[F.RefcountOrder..], RefcountOrder);
        BinaryPrimitives.WriteInt32BigEndian(destination[F.HeaderLength..], HeaderLength);
        if (HeaderLength > F.CompressionType)
        {
            destination[F.CompressionType] = (byte)CompressionType;
        }
    }
}
