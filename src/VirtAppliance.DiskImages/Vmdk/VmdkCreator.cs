using System.Buffers.Binary;
using System.Text;

namespace VirtAppliance.DiskImages.Vmdk;

/// <summary>Creates monolithicSparse VMDKs laid out as qemu-img does: header, descriptor, redundant and primary grain directories with every grain table, then grains.</summary>
internal static class VmdkCreator
{
    private const long DescriptorSectors = 20;
    public const string DefaultAdapterType = "ide";

    /// <summary>Creates a monolithicSparse VMDK of <paramref name="capacity"/> bytes at <paramref name="path"/>.</summary>
    /// <param name="path">Where to create it.</param>
    /// <param name="capacity">The virtual size in bytes.</param>
    /// <param name="identity">Where the CID and UUIDs come from (random by default).</param>
    /// <param name="finalName">The name the file will have, when <paramref name="path"/> is a temporary one (the descriptor names its extent file).</param>
    /// <param name="adapterType">The ddb.adapterType (ide, lsilogic, buslogic, legacyESX).</param>
    public static VmdkImage CreateMonolithicSparse(string path, long capacity, ImageIdentity? identity = null, string? finalName = null, string adapterType = DefaultAdapterType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var sectors = (capacity + VmdkConstants.SectorSize - 1) / VmdkConstants.SectorSize;
        var grain = VmdkConstants.DefaultGrainSectors;
        var tables = Math.Max(1, (sectors + grain * VmdkConstants.GtesPerGt - 1) / (grain * VmdkConstants.GtesPerGt));
        var directorySectors = (tables * 4 + VmdkConstants.SectorSize - 1) / VmdkConstants.SectorSize;
        var tableSectors = VmdkConstants.GtesPerGt * 4 / VmdkConstants.SectorSize;
        var redundantDirectory = 1 + DescriptorSectors;
        var primaryDirectory = redundantDirectory + directorySectors + tables * tableSectors;
        var metadataEnd = primaryDirectory + directorySectors + tables * tableSectors;
        var overhead = (metadataEnd + grain - 1) / grain * grain;
        var header = new VmdkSparseHeader
        {
            CapacitySectors = sectors,
            GrainSectors = grain,
            DescriptorOffset = 1,
            DescriptorSize = DescriptorSectors,
            RgdOffset = redundantDirectory,
            GdOffset = (ulong)primaryDirectory,
            OverHead = overhead,
        };
        var file = new byte[overhead * VmdkConstants.SectorSize];
        header.Write(file);
        var descriptor = Encoding.ASCII.GetBytes(VmdkDescriptor.Write(sectors, "monolithicSparse", finalName ?? Path.GetFileName(path), adapterType, (identity ?? ImageIdentity.Random).NewUInt32("vmdk.cid"), (identity ?? ImageIdentity.Random).NewGuid("vmdk.uuid")));
        if (descriptor.Length > DescriptorSectors * VmdkConstants.SectorSize)
        {
            throw new ArgumentException("the VMDK descriptor does not fit its 20 sectors; use a shorter file name");
        }

        descriptor.CopyTo(file, VmdkConstants.SectorSize);
        WriteDirectory(file, redundantDirectory, directorySectors, tables, tableSectors);
        WriteDirectory(file, primaryDirectory, directorySectors, tables, tableSectors);
        File.WriteAllBytes(path, file);
        return VmdkImage.Open(path, writable: true);
    }

    private static void WriteDirectory(byte[] file, long directorySector, long directorySectors, long tables, long tableSectors)
    {
        for (var i = 0L; i < tables; i++)
        {
            var tableSector = directorySector + directorySectors + i * tableSectors;
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)(directorySector * VmdkConstants.SectorSize + i * 4)), (uint)tableSector);
        }
    }
}
