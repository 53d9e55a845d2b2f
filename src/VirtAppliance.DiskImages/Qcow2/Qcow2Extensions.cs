using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.DiskImages.Qcow2;

/// <summary>The header extensions this library understands; unknown ones are skipped as the spec allows.</summary>
internal sealed record Qcow2Extensions
{
    private const int ExtensionHeaderSize = 8;
    private const int BitmapsExtensionSize = 24;

    public string? BackingFormat { get; init; }
    public string? ExternalDataFile { get; init; }
    public bool HasEncryptionHeader { get; init; }
    public IReadOnlyList<(int Type, int Bit, string Name)> FeatureNames { get; init; } = [];
    public (uint Count, long DirectorySize, long DirectoryOffset)? Bitmaps { get; init; }

    /// <summary>Parses the extension area that follows the header inside the first cluster.</summary>
    public static Qcow2Extensions Read(ReadOnlySpan<byte> firstCluster, int start, string path)
    {
        var result = new Qcow2Extensions();
        var features = new List<(int, int, string)>();
        var position = start;
        while (position + ExtensionHeaderSize <= firstCluster.Length)
        {
            var type = BinaryPrimitives.ReadUInt32BigEndian(firstCluster[position..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(firstCluster[(position + 4)..]);
            if (type == Qcow2Constants.ExtensionEnd)
            {
                break;
            }

            var dataStart = position + ExtensionHeaderSize;
            if (length > (uint)(firstCluster.Length - dataStart))
            {
                throw CorruptImage.Error(path, $"header extension 0x{type:x8} length", position + 4, $"is {length}, past the end of the header cluster");
            }

            var data = firstCluster.Slice(dataStart, (int)length);
            result = type switch
            {
                Qcow2Constants.ExtensionBackingFormat => result with { BackingFormat = Encoding.UTF8.GetString(data) },
                Qcow2Constants.ExtensionExternalDataFile => result with { ExternalDataFile = Encoding.UTF8.GetString(data) },
                Qcow2Constants.ExtensionEncryption => result with { HasEncryptionHeader = true },
                Qcow2Constants.ExtensionBitmaps => result with { Bitmaps = ReadBitmaps(data, path, dataStart) },
                _ => result,
            };
            if (type == Qcow2Constants.ExtensionFeatureNameTable)
            {
                ReadFeatureNames(data, features);
            }

            position = dataStart + (int)((length + 7) & ~7u);
        }

        return result with { FeatureNames = features };
    }

    /// <summary>Writes a backing-format extension (when given) and the end marker; returns bytes written.</summary>
    public static int Write(Span<byte> destination, string? backingFormat)
    {
        var position = 0;
        if (backingFormat is not null)
        {
            var name = Encoding.UTF8.GetBytes(backingFormat);
            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], Qcow2Constants.ExtensionBackingFormat);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(position + 4)..], (uint)name.Length);
            var padded = (name.Length + 7) & ~7;
            destination.Slice(position + ExtensionHeaderSize, padded).Clear();
            name.CopyTo(destination[(position + ExtensionHeaderSize)..]);
            position += ExtensionHeaderSize + padded;
        }

        destination.Slice(position, ExtensionHeaderSize).Clear();
        return position + ExtensionHeaderSize;
    }

    public string DescribeFeature(int type, int bit) =>
        FeatureNames.FirstOrDefault(f => f.Type == type && f.Bit == bit).Name ?? $"unknown feature bit {bit}";

    private static (uint, long, long) ReadBitmaps(ReadOnlySpan<byte> data, string path, int offset)
    {
        if (data.Length < BitmapsExtensionSize)
        {
            throw CorruptImage.Error(path, "bitmaps extension", offset, $"has {data.Length} bytes; it needs {BitmapsExtensionSize}");
        }

        return (BinaryPrimitives.ReadUInt32BigEndian(data),
            BinaryPrimitives.ReadInt64BigEndian(data[8..]),
            BinaryPrimitives.ReadInt64BigEndian(data[16..]));
    }

    private static void ReadFeatureNames(ReadOnlySpan<byte> data, List<(int, int, string)> features)
    {
        for (var i = 0; i + Qcow2Constants.FeatureNameEntrySize <= data.Length; i += Qcow2Constants.FeatureNameEntrySize)
        {
            var name = data.Slice(i + 2, Qcow2Constants.FeatureNameLength);
            var end = name.IndexOf((byte)0);
            features.Add((data[i], data[i + 1], Encoding.UTF8.GetString(end < 0 ? name : name[..end])));
        }
    }
}
