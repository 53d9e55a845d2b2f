using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.DiskImages.Qcow2;

public sealed partial class Qcow2Image
{
    private const int ExtensionHeaderSize = 8;

    /// <summary>
    /// Points the image at another backing file without reading or changing any data, as <c>qemu-img rebase -u</c>
    /// does: the header's backing name and backing-format extension are rewritten in the header cluster (other
    /// extensions are kept). Used when an overlay made here is shipped to a host where its base has another path.
    /// </summary>
    public static void ChangeBackingFile(string path, string backingFile, string backingFormat)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var fileLength = RandomAccess.GetLength(handle);
        var probe = new byte[(int)Math.Min(fileLength, Qcow2FieldLocations.WrittenHeaderLength)];
        ReadExactly(handle, probe, 0, path, "qcow2 header");
        var header = Qcow2Header.Read(probe, path, fileLength);
        var cluster = new byte[(int)Math.Min(fileLength, header.ClusterSize)];
        ReadExactly(handle, cluster, 0, path, "qcow2 header cluster");
        header = Qcow2Header.Read(cluster, path, fileLength);

        var rewritten = new byte[cluster.Length];
        cluster.AsSpan(0, header.HeaderLength).CopyTo(rewritten);
        var position = header.HeaderLength;
        position += Qcow2Extensions.Write(rewritten.AsSpan(position), backingFormat) - ExtensionHeaderSize;
        foreach (var (type, data) in KeptExtensions(cluster, header.HeaderLength, path))
        {
            var padded = (data.Length + 7) & ~7;
            if (position + ExtensionHeaderSize + padded + ExtensionHeaderSize > rewritten.Length)
            {
                throw new NotSupportedException($"{path}: the header extensions and the new backing name do not fit in the header cluster");
            }

            BinaryPrimitives.WriteUInt32BigEndian(rewritten.AsSpan(position), type);
            BinaryPrimitives.WriteUInt32BigEndian(rewritten.AsSpan(position + 4), (uint)data.Length);
            data.CopyTo(rewritten, position + ExtensionHeaderSize);
            position += ExtensionHeaderSize + padded;
        }

        position += ExtensionHeaderSize;
        var name = Encoding.UTF8.GetBytes(backingFile);
        if (position + name.Length > rewritten.Length || name.Length > Qcow2Constants.MaxBackingFileNameLength)
        {
            throw new ArgumentException($"{path}: the backing file name '{backingFile}' does not fit in the header cluster");
        }

        name.CopyTo(rewritten, position);
        header = header with { BackingFileOffset = (ulong)position, BackingFileSize = (uint)name.Length };
        header.Write(rewritten);
        RandomAccess.Write(handle, rewritten, 0);
    }

    /// <summary>The header extensions other than the backing format and the end marker, as they are.</summary>
    private static List<(uint Type, byte[] Data)> KeptExtensions(ReadOnlySpan<byte> cluster, int start, string path)
    {
        var kept = new List<(uint, byte[])>();
        var position = start;
        while (position + ExtensionHeaderSize <= cluster.Length)
        {
            var type = BinaryPrimitives.ReadUInt32BigEndian(cluster[position..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(cluster[(position + 4)..]);
            if (type == Qcow2Constants.ExtensionEnd)
            {
                break;
            }

            if (length > (uint)(cluster.Length - position - ExtensionHeaderSize))
            {
                throw CorruptImage.Error(path, $"header extension 0x{type:x8} length", position + 4, $"is {length}, past the end of the header cluster");
            }

            if (type != Qcow2Constants.ExtensionBackingFormat)
            {
                kept.Add((type, cluster.Slice(position + ExtensionHeaderSize, (int)length).ToArray()));
            }

            position += ExtensionHeaderSize + (int)((length + 7) & ~7u);
        }

        return kept;
    }
}
