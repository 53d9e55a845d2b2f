namespace VirtAppliance.DiskImages.Vhd;

/// <summary>Byte offsets of the VHD footer and dynamic header (big-endian), from Microsoft's VHD specification.</summary>
internal static class VhdFieldLocations
{
    public const int FooterSize = 512;
    public const int Cookie = 0;
    public const int Features = Cookie + 8;
    public const int FormatVersion = Features + 4;
    public const int DataOffset = FormatVersion + 4;
    public const int Timestamp = DataOffset + 8;
    public const int CreatorApplication = Timestamp + 4;
    public const int CreatorVersion = CreatorApplication + 4;
    public const int CreatorHostOs = CreatorVersion + 4;
    public const int OriginalSize = CreatorHostOs + 4;
    public const int CurrentSize = OriginalSize + 8;
    public const int Cylinders = CurrentSize + 8;
    public const int Heads = Cylinders + 2;
    public const int SectorsPerTrack = Heads + 1;
    public const int DiskType = SectorsPerTrack + 1;
    public const int Checksum = DiskType + 4;
    public const int UniqueId = Checksum + 4;
    public const int SavedState = UniqueId + 16;

    public const int DynamicHeaderSize = 1024;
    public const int DynamicCookie = 0;
    public const int DynamicDataOffset = DynamicCookie + 8;
    public const int TableOffset = DynamicDataOffset + 8;
    public const int HeaderVersion = TableOffset + 8;
    public const int MaxTableEntries = HeaderVersion + 4;
    public const int BlockSize = MaxTableEntries + 4;
    public const int DynamicChecksum = BlockSize + 4;
    public const int ParentUniqueId = DynamicChecksum + 4;
    public const int ParentTimestamp = ParentUniqueId + 16;
    public const int Reserved1 = ParentTimestamp + 4;
    public const int ParentUnicodeName = Reserved1 + 4;
    public const int ParentUnicodeNameLength = 512;
    public const int ParentLocators = ParentUnicodeName + ParentUnicodeNameLength;
    public const int ParentLocatorSize = 24;
    public const int ParentLocatorCount = 8;
    public const int LocatorPlatformCode = 0;
    public const int LocatorDataSpace = 4;
    public const int LocatorDataLength = 8;
    public const int LocatorDataOffset = 16;
}
