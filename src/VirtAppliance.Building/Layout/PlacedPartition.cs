using VirtAppliance.Building.Kickstart;

namespace VirtAppliance.Building.Layout;

/// <summary>A partition with its place on its disk and its identities.</summary>
internal sealed record PlacedPartition
{
    public required PartitionSpec Spec { get; init; }

    /// <summary>1-based, as the guest kernel numbers it (vda1, vda2, ...).</summary>
    public required int Number { get; init; }

    public required long Offset { get; init; }

    public required long Size { get; init; }

    /// <summary>The GPT partition GUID (PARTUUID).</summary>
    public required Guid PartitionUuid { get; init; }

    /// <summary>The filesystem or swap UUID (ext, swap), or the FAT volume id in its low 32 bits.</summary>
    public required Guid FilesystemUuid { get; init; }

    public required uint FatVolumeId { get; init; }

    /// <summary>Legacy BIOS bootable (GPT attribute bit 2) or active (MBR 0x80).</summary>
    public bool Bootable { get; init; }

    /// <summary>What fstab and the kernel command line call the filesystem: UUID=... (or LABEL=... for FAT without a usable UUID).</summary>
    public string FstabSource => Spec.Filesystem.IsFat()
        ? $"UUID={FatVolumeId >> 16:X4}-{FatVolumeId & 0xffff:X4}"
        : $"UUID={FilesystemUuid}";
}
