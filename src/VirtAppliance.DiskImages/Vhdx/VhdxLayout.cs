namespace VirtAppliance.DiskImages.Vhdx;

/// <summary>[MS-VHDX] structure locations, sizes and identifiers (little-endian; GUIDs in Windows byte order).</summary>
internal static class VhdxLayout
{
    public const long Kib64 = 64 * 1024;
    public const long Mib = 1024 * 1024;
    public const long FileIdentifierOffset = 0;
    public const long Header1Offset = Kib64;
    public const long Header2Offset = 2 * Kib64;
    public const long RegionTable1Offset = 3 * Kib64;
    public const long RegionTable2Offset = 4 * Kib64;
    public const int HeaderSize = 4096;
    public const int RegionTableSize = 65536;

    public const string FileSignature = "vhdxfile";
    public const string HeaderSignature = "head";
    public const string RegionSignature = "regi";
    public const string MetadataSignature = "metadata";

    public const int HeaderChecksum = 4;
    public const int HeaderSequence = 8;
    public const int HeaderFileWriteGuid = 16;
    public const int HeaderDataWriteGuid = 32;
    public const int HeaderLogGuid = 48;
    public const int HeaderLogVersion = 64;
    public const int HeaderVersion = 66;
    public const int HeaderLogLength = 68;
    public const int HeaderLogOffset = 72;

    /// <summary>Within one region table entry ([MS-VHDX] 2.2.3.1).</summary>
    public static class RegionEntry
    {
        public const int Guid = 0;
        public const int FileOffset = Guid + 16;
        public const int Length = FileOffset + 8;
        public const int Required = Length + 4;
        public const int Size = Required + 4;
    }

    /// <summary>Within one metadata table entry ([MS-VHDX] 2.2.4.1).</summary>
    public static class MetadataEntry
    {
        public const int ItemId = 0;
        public const int Offset = ItemId + 16;
        public const int Length = Offset + 4;
        public const int Flags = Length + 4;
        public const int Reserved = Flags + 4;
        public const int Size = Reserved + 4;
    }

    public const int RegionChecksum = 4;
    public const int RegionEntryCount = 8;
    public const int RegionEntriesStart = 16;
    public const int RegionEntrySize = 32;
    public const int MaxRegionEntries = 2047;

    public const int MetadataEntryCount = 10;
    public const int MetadataEntriesStart = 32;
    public const int MetadataEntrySize = 32;
    public const int MaxMetadataEntries = 2047;

    public static readonly Guid BatRegion = new("2DC27766-F623-4200-9D64-115E9BFD4A08");
    public static readonly Guid MetadataRegion = new("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    public static readonly Guid FileParameters = new("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    public static readonly Guid VirtualDiskSize = new("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    public static readonly Guid VirtualDiskId = new("BECA12AB-B2E6-4523-93EF-C309E000C746");
    public static readonly Guid LogicalSectorSize = new("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    public static readonly Guid PhysicalSectorSize = new("CDA348C7-445D-4471-9CC9-E9885251C556");
    public static readonly Guid ParentLocator = new("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

    public const ulong BatStateMask = 7;
    public const ulong BatNotPresent = 0;
    public const ulong BatUndefined = 1;
    public const ulong BatZero = 2;
    public const ulong BatUnmapped = 3;
    public const ulong BatFullyPresent = 6;
    public const ulong BatPartiallyPresent = 7;
    public const int BatOffsetShift = 20;

    public const uint FileParametersHasParent = 2;
    public const int DefaultBlockSize = 8 << 20;
    public const long MaxVirtualSize = 64L << 40;
}
