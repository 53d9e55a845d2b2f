using System.Buffers.Binary;
using System.Text;
using S = VirtAppliance.DiskImages.Qcow2.Qcow2FieldLocations.Snapshot;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>One entry of the internal snapshot table.</summary>
internal sealed record Qcow2Snapshot(string Id, string Name, long L1TableOffset, uint L1Size)
{
    private const int FixedSize = S.FixedSize;
    private const int MaxExtraData = 1024;
    private const long MaxTableBytes = 64L << 20;

    /// <summary>Reads the table; returns the snapshots and the table's length in bytes.</summary>
    public static (List<Qcow2Snapshot> Snapshots, long TableBytes) ReadTable(Qcow2Image image)
    {
        var header = image.Header;
        var snapshots = new List<Qcow2Snapshot>();
        var offset = header.SnapshotsOffset;
        var fixedPart = new byte[FixedSize];
        for (var i = 0; i < header.NbSnapshots; i++)
        {
            var tableBytes = offset - header.SnapshotsOffset;
            if (tableBytes + FixedSize > MaxTableBytes || offset + FixedSize > image.FileLength)
            {
                throw CorruptImage.Error(image.FilePath, $"snapshot table entry {i}", offset, "lies beyond the end of the file or the 64 MiB table limit");
            }

            Qcow2Image.ReadExactly(image.Handle, fixedPart, offset, image.FilePath, $"snapshot table entry {i}");
            var l1Offset = BinaryPrimitives.ReadInt64BigEndian(fixedPart.AsSpan(S.L1TableOffset));
            var l1Size = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(S.L1Size));
            var idSize = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(S.IdSize));
            var nameSize = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(S.NameSize));
            var extraSize = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(S.ExtraDataSize));
            if (extraSize > MaxExtraData)
            {
                throw CorruptImage.Error(image.FilePath, $"snapshot table entry {i} extra_data_size", offset + S.ExtraDataSize, $"is {extraSize}; at most {MaxExtraData} is allowed");
            }

            var strings = new byte[idSize + nameSize];
            var stringsOffset = offset + FixedSize + extraSize;
            if (stringsOffset + strings.Length > image.FileLength)
            {
                throw CorruptImage.Error(image.FilePath, $"snapshot table entry {i}", offset, "extends past the end of the file");
            }

            Qcow2Image.ReadExactly(image.Handle, strings, stringsOffset, image.FilePath, $"snapshot table entry {i} names");
            snapshots.Add(new Qcow2Snapshot(
                Encoding.UTF8.GetString(strings, 0, idSize), Encoding.UTF8.GetString(strings, idSize, nameSize), l1Offset, l1Size));
            offset = (stringsOffset + strings.Length + 7) & ~7L;
        }

        return (snapshots, offset - header.SnapshotsOffset);
    }
}
