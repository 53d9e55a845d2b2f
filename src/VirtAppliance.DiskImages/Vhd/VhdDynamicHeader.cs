using System.Buffers.Binary;
using System.Text;
using F = VirtAppliance.DiskImages.Vhd.VhdFieldLocations;

namespace VirtAppliance.DiskImages.Vhd;

/// <summary>The dynamic disk header ("cxsparse") of dynamic and differencing VHDs.</summary>
internal sealed record VhdDynamicHeader
{
    public required long TableOffset { get; init; }
    public required uint MaxTableEntries { get; init; }
    public required uint BlockSize { get; init; }
    public Guid ParentUniqueId { get; init; }
    public string ParentName { get; init; } = "";
    public IReadOnlyList<(string Platform, string Path)> ParentLocators { get; init; } = [];

    public static VhdDynamicHeader Read(ReadOnlySpan<byte> data, string path, long position, Func<long, int, byte[]> readLocator)
    {
        if (data.Length < F.DynamicHeaderSize || !data[..8].SequenceEqual(Encoding.ASCII.GetBytes(VhdConstants.DynamicCookie)))
        {
            throw CorruptImage.Error(path, "VHD dynamic header cookie", position, "is not \"cxsparse\"");
        }

        var stored = BinaryPrimitives.ReadUInt32BigEndian(data[F.DynamicChecksum..]);
        var computed = VhdFooter.Checksum(data[..F.DynamicHeaderSize], F.DynamicChecksum);
        if (stored != computed)
        {
            throw CorruptImage.Error(path, "VHD dynamic header checksum", position + F.DynamicChecksum, $"is 0x{stored:x8} but the header sums to 0x{computed:x8}");
        }

        var blockSize = BinaryPrimitives.ReadUInt32BigEndian(data[F.BlockSize..]);
        if (blockSize < VhdConstants.SectorSize || blockSize % VhdConstants.SectorSize != 0 || blockSize > (256u << 20))
        {
            throw CorruptImage.Error(path, "VHD block size", position + F.BlockSize, $"is {blockSize}; it must be a multiple of 512 up to 256 MiB");
        }

        var name = Encoding.BigEndianUnicode.GetString(data.Slice(F.ParentUnicodeName, F.ParentUnicodeNameLength)).TrimEnd('\0');
        var locators = new List<(string, string)>();
        for (var i = 0; i < F.ParentLocatorCount; i++)
        {
            var entry = data.Slice(F.ParentLocators + i * F.ParentLocatorSize, F.ParentLocatorSize);
            var code = Encoding.ASCII.GetString(entry[..4]);
            var length = BinaryPrimitives.ReadInt32BigEndian(entry[F.LocatorDataLength..]);
            var offset = BinaryPrimitives.ReadInt64BigEndian(entry[F.LocatorDataOffset..]);
            if (code.Trim('\0').Length == 0 || length <= 0)
            {
                continue;
            }

            if (length > 4096 || offset < 0)
            {
                throw CorruptImage.Error(path, $"VHD parent locator {i}", position + F.ParentLocators + i * F.ParentLocatorSize, $"has length {length} at {offset}");
            }

            var bytes = readLocator(offset, length);
            var text = code is "W2ku" or "W2ru" ? Encoding.Unicode.GetString(bytes) : Encoding.UTF8.GetString(bytes);
            locators.Add((code, text.TrimEnd('\0')));
        }

        return new VhdDynamicHeader
        {
            TableOffset = BinaryPrimitives.ReadInt64BigEndian(data[F.TableOffset..]),
            MaxTableEntries = BinaryPrimitives.ReadUInt32BigEndian(data[F.MaxTableEntries..]),
            BlockSize = blockSize,
            ParentUniqueId = new Guid(data.Slice(F.ParentUniqueId, 16), bigEndian: true),
            ParentName = name,
            ParentLocators = locators,
        };
    }

    public void Write(Span<byte> destination)
    {
        destination[..F.DynamicHeaderSize].Clear();
        Encoding.ASCII.GetBytes(VhdConstants.DynamicCookie).CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[F.DynamicDataOffset..], VhdConstants.NoDataOffset);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.TableOffset..], TableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.HeaderVersion..], VhdConstants.Version);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.MaxTableEntries..], MaxTableEntries);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.BlockSize..], BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.DynamicChecksum..], VhdFooter.Checksum(destination[..F.DynamicHeaderSize], F.DynamicChecksum));
    }
}
