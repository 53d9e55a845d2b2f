using System.Buffers.Binary;

namespace VirtAppliance.Building.Boot;

/// <summary>
/// GRUB's i386-pc boot sector (boot.img) and core image (core.img) embedded in the gap between the MBR and the first
/// partition, as grub-bios-setup does it: the boot sector learns where the core starts, and the core's first sector
/// (diskboot) learns where the rest of the core is.
/// </summary>
internal static class GrubBootImage
{
    public const int SectorSize = 512;

    /// <summary>The core starts right after the MBR.</summary>
    public const long CoreFirstSector = 1;

    /// <summary>boot.img: the 64-bit sector number of the core's first sector.</summary>
    private const int KernelSectorOffset = 0x5c;

    /// <summary>boot.img: the BIOS drive to read the core from; 0xff means the drive the BIOS booted from.</summary>
    private const int BootDriveOffset = 0x64;

    private const byte BootDriveFromBios = 0xff;

    /// <summary>boot.img: a jump that treats the drive as a floppy unless patched to two no-ops (hard disks).</summary>
    private const int DriveCheckOffset = 0x66;

    private const byte NoOperation = 0x90;

    private const int SignatureOffset = 0x1fe;

    private const ushort Signature = 0xaa55;

    /// <summary>diskboot: block lists grow down from the end of the core's first sector; each is a start sector (64 bits), a count (16) and a load segment (16).</summary>
    private const int BlocklistEntrySize = 12;

    /// <summary>The core is loaded at segment 0x800; the sectors after diskboot go one sector (0x20 paragraphs) above it.</summary>
    private const ushort RestOfCoreSegment = 0x800 + (SectorSize >> 4);

    public sealed record Embedded(byte[] BootCode, byte[] CoreSectors);

    /// <summary>Patches copies of boot.img and core.img for a core at sector 1, checked to fit before the first partition.</summary>
    public static Embedded Embed(ReadOnlySpan<byte> bootImage, ReadOnlySpan<byte> coreImage, long firstPartitionSector)
    {
        if (bootImage.Length != SectorSize || BinaryPrimitives.ReadUInt16LittleEndian(bootImage[SignatureOffset..]) != Signature)
        {
            throw new InvalidDataException($"GRUB's boot.img is {bootImage.Length} bytes without the boot signature: expected one 512-byte sector ending in 55 AA (reinstall grub-pc-bin)");
        }

        if (coreImage.Length < SectorSize)
        {
            throw new InvalidDataException($"GRUB's core image is {coreImage.Length} bytes: expected at least one sector (grub-mkimage failed?)");
        }

        var sectors = (coreImage.Length + SectorSize - 1) / SectorSize;
        if (CoreFirstSector + sectors > firstPartitionSector || sectors - 1 > ushort.MaxValue)
        {
            throw new InvalidOperationException($"GRUB's core image takes {sectors} sectors, and the first partition starts at sector {firstPartitionSector}: leave at least {CoreFirstSector + sectors} sectors before it");
        }

        var boot = bootImage.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(boot.AsSpan(KernelSectorOffset), CoreFirstSector);
        boot[BootDriveOffset] = BootDriveFromBios;
        boot[DriveCheckOffset] = NoOperation;
        boot[DriveCheckOffset + 1] = NoOperation;

        var core = new byte[sectors * SectorSize];
        coreImage.CopyTo(core);
        var first = core.AsSpan(SectorSize - BlocklistEntrySize, BlocklistEntrySize);
        BinaryPrimitives.WriteUInt64LittleEndian(first, CoreFirstSector + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(first[8..], (ushort)(sectors - 1));
        BinaryPrimitives.WriteUInt16LittleEndian(first[10..], RestOfCoreSegment);
        core.AsSpan(SectorSize - (2 * BlocklistEntrySize), BlocklistEntrySize).Clear();
        return new Embedded(boot, core);
    }
}
