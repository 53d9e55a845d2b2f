using System.Buffers.Binary;
using System.Text;
using F = VirtAppliance.DiskImages.Vhd.VhdFieldLocations;

namespace VirtAppliance.DiskImages.Vhd;

/// <summary>The 512-byte VHD footer (also copied at the start of dynamic and differencing images).</summary>
internal sealed record VhdFooter
{
    public required ulong DataOffset { get; init; }
    public uint Timestamp { get; init; } = TimestampOf(DateTimeOffset.UtcNow);
    public string CreatorApplication { get; init; } = VhdConstants.CreatorQemu;
    public required long OriginalSize { get; init; }
    public required long CurrentSize { get; init; }
    public required VhdGeometry Geometry { get; init; }
    public required uint DiskType { get; init; }
    public Guid UniqueId { get; init; } = Guid.NewGuid();

    /// <summary>Seconds since 2000-01-01 UTC, the VHD epoch.</summary>
    public static uint TimestampOf(DateTimeOffset time) => (uint)Math.Max(0, time.ToUnixTimeSeconds() - VhdConstants.EpochOffsetSeconds);

    public static bool HasCookie(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && data[..8].SequenceEqual(Encoding.ASCII.GetBytes(VhdConstants.FooterCookie));

    public static VhdFooter Read(ReadOnlySpan<byte> data, string path, long position)
    {
        if (!HasCookie(data))
        {
            throw CorruptImage.Error(path, "VHD footer cookie", position, "is not \"conectix\"");
        }

        var stored = BinaryPrimitives.ReadUInt32BigEndian(data[F.Checksum..]);
        var computed = Checksum(data[..F.FooterSize], F.Checksum);
        if (stored != computed)
        {
            throw CorruptImage.Error(path, "VHD footer checksum", position + F.Checksum, $"is 0x{stored:x8} but the footer sums to 0x{computed:x8}");
        }

        var footer = new VhdFooter
        {
            DataOffset = BinaryPrimitives.ReadUInt64BigEndian(data[F.DataOffset..]),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(data[F.Timestamp..]),
            CreatorApplication = Encoding.ASCII.GetString(data.Slice(F.CreatorApplication, 4)),
            OriginalSize = BinaryPrimitives.ReadInt64BigEndian(data[F.OriginalSize..]),
            CurrentSize = BinaryPrimitives.ReadInt64BigEndian(data[F.CurrentSize..]),
            Geometry = new VhdGeometry(BinaryPrimitives.ReadUInt16BigEndian(data[F.Cylinders..]), data[F.Heads], data[F.SectorsPerTrack]),
            DiskType = BinaryPrimitives.ReadUInt32BigEndian(data[F.DiskType..]),
            UniqueId = new Guid(data.Slice(F.UniqueId, 16), bigEndian: true),
        };
        if (footer.CurrentSize < 0)
        {
            throw CorruptImage.Error(path, "VHD current size", position + F.CurrentSize, "is negative");
        }

        return footer;
    }

    /// <summary>The virtual size QEMU uses: CHS geometry, unless the creator is one whose images use current_size.</summary>
    public long VirtualSize
    {
        get
        {
            var useGeometry = !VhdConstants.CurrentSizeCreators.Contains(CreatorApplication);
            var geometrySectors = Geometry.Sectors;
            return !useGeometry || geometrySectors == VhdConstants.MaxGeometrySectors
                ? CurrentSize
                : geometrySectors * VhdConstants.SectorSize;
        }
    }

    public void Write(Span<byte> destination)
    {
        destination[..F.FooterSize].Clear();
        Encoding.ASCII.GetBytes(VhdConstants.FooterCookie).CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.Features..], VhdConstants.FeaturesReserved);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.FormatVersion..], VhdConstants.Version);
        BinaryPrimitives.WriteUInt64BigEndian(destination[F.DataOffset..], DataOffset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.Timestamp..], Timestamp);
        Encoding.ASCII.GetBytes(CreatorApplication).AsSpan(0, 4).CopyTo(destination[F.CreatorApplication..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.CreatorVersion..], VhdConstants.CreatorVersion);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.CreatorHostOs..], VhdConstants.HostOsWindows);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.OriginalSize..], OriginalSize);
        BinaryPrimitives.WriteInt64BigEndian(destination[F.CurrentSize..], CurrentSize);
        BinaryPrimitives.WriteUInt16BigEndian(destination[F.Cylinders..], (ushort)Geometry.Cylinders);
        destination[F.Heads] = (byte)Geometry.Heads;
        destination[F.SectorsPerTrack] = (byte)Geometry.SectorsPerTrack;
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.DiskType..], DiskType);
        UniqueId.TryWriteBytes(destination.Slice(F.UniqueId, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(destination[F.Checksum..], Checksum(destination[..F.FooterSize], F.Checksum));
    }

    /// <summary>The one's complement of the byte sum, skipping the 4-byte checksum field itself.</summary>
    public static uint Checksum(ReadOnlySpan<byte> data, int checksumOffset)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (i < checksumOffset || i >= checksumOffset + 4)
            {
                sum += data[i];
            }
        }

        return ~sum;
    }
}
