namespace VirtAppliance.DiskImages.Vdi;

/// <summary>Byte offsets of the VDI 1.1 header (little-endian), each from the previous field.</summary>
internal static class VdiFieldLocations
{
    public const int Text = 0;
    public const int TextLength = 0x40;
    public const int Signature = Text + TextLength;
    public const int Version = Signature + 4;
    public const int HeaderSize = Version + 4;
    public const int ImageType = HeaderSize + 4;
    public const int ImageFlags = ImageType + 4;
    public const int Description = ImageFlags + 4;
    public const int DescriptionLength = 256;
    public const int OffsetBlockMap = Description + DescriptionLength;
    public const int OffsetData = OffsetBlockMap + 4;
    public const int Cylinders = OffsetData + 4;
    public const int Heads = Cylinders + 4;
    public const int Sectors = Heads + 4;
    public const int SectorSize = Sectors + 4;
    public const int Unused1 = SectorSize + 4;
    public const int DiskSize = Unused1 + 4;
    public const int BlockSize = DiskSize + 8;
    public const int BlockExtra = BlockSize + 4;
    public const int BlocksInImage = BlockExtra + 4;
    public const int BlocksAllocated = BlocksInImage + 4;
    public const int UuidImage = BlocksAllocated + 4;
    public const int UuidLastSnapshot = UuidImage + 16;
    public const int UuidLink = UuidLastSnapshot + 16;
    public const int UuidParent = UuidLink + 16;
    public const int HeaderEnd = 0x200;
}
